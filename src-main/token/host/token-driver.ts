// The PKCS#11 use cases, run inside the token host process: list tokens and objects, log in
// and out, change the PIN, sign a digest. One session per slot, reopened when the key was
// pulled out. Every PKCS#11 failure leaves here as a YiKeyError from ckrToError.
import { randomBytes } from 'node:crypto';
import pkcs11js from './pkcs11-addon';
import type { TokenSummary } from '../../contract/token-types';
import { YiKeyError } from '../../contract/yikey-error';
import { pinLockedError } from '../../contract/pin-locked-error';
import { ckrToError } from '../ckr-to-error';
import type { HostParams, HostResult, PrivateKeyObject } from '../host-protocol';
import { checkEnteredPin } from '../../contract/pin-policy';
import { pinStatusFromTokenInfo } from '../pin-status';
import { numberingsForKeyType } from '../sm2-numberings';
import { findObjects, readAttributes } from './object-search';
import { pkcs11Text } from './pkcs11-text';
import { slotIdOf } from './slot-id';
import type { Sm2KeyPlan, Sm2Request } from './sm2-signing';

type Sm2Signing = typeof import('./sm2-signing');
let sm2SigningLoading: Promise<Sm2Signing> | undefined;

/**
 * SM2 signing, and the ASN.1 library its DER answers need, loaded on the first SM2 signature:
 * the host's start-up, which every CLI command waits for, does not compile them (issue 11).
 */
function sm2Signing(): Promise<Sm2Signing> {
  sm2SigningLoading ??= import('./sm2-signing');
  return sm2SigningLoading;
}

// CKS_RO_USER_FUNCTIONS and CKS_RW_USER_FUNCTIONS (pkcs11js has no typings for them).
const userSessionStates = new Set([1, 3]);
/** Errors after which the slot's session is certainly gone. */
const sessionLostCodes = new Set(['token-removed', 'token-not-present']);
const maxSignatureBytes = 1024;

/**
 * PIN rules checked before a PIN reaches the key, so a PIN the key would refuse (or count as a
 * wrong try) never costs one: printable ASCII only, length in bytes as the key counts it.
 */
function assertEnteredPinAcceptable(pin: string, limits: { minLength: number; maxLength: number }): void {
  const problem = checkEnteredPin({ pin, ...limits });
  if (problem === 'not-printable') {
    throw new YiKeyError(
      'pin-invalid',
      'A PIN can hold only printable ASCII characters; nothing was sent to the key',
      { reason: 'not-printable-ascii' },
    );
  }
  if (problem) {
    throw new YiKeyError(
      'pin-len-range',
      `The PIN must be ${limits.minLength}–${limits.maxLength} characters; nothing was sent to the key`,
      { minLength: limits.minLength, maxLength: limits.maxLength },
    );
  }
}

export class TokenDriver {
  private readonly sessions = new Map<string, Buffer>();
  /** Private key handles by "slotId/keyId", valid only while the slot's session lives. */
  private readonly keyHandles = new Map<string, Buffer>();
  /** How each SM2 key signs (its numbering, the token's mechanisms), by "slotId/keyId", like keyHandles. */
  private readonly sm2Plans = new Map<string, Sm2KeyPlan>();
  /** Slots whose key was pulled out since they were last used: a call there is token-removed. */
  private readonly removedSlots = new Set<string>();

  constructor(private readonly library: pkcs11js.PKCS11) {}

  /** The key in this slot was pulled out: its session is gone, and calls on it say so. */
  noteRemoved(slotId: string): void {
    this.forgetSlot(slotId);
    this.removedSlots.add(slotId);
  }

  /** A key is in this slot again: calls there need a fresh login, not "removed". */
  noteInserted(slotId: string): void {
    this.removedSlots.delete(slotId);
  }

  /** Forgets a slot's session and key handles (after a removal they are invalid anyway). */
  forgetSlot(slotId: string): void {
    this.sessions.delete(slotId);
    for (const cacheKey of this.keyHandles.keys()) {
      if (cacheKey.startsWith(`${slotId}/`)) this.keyHandles.delete(cacheKey);
    }
    for (const cacheKey of this.sm2Plans.keys()) {
      if (cacheKey.startsWith(`${slotId}/`)) this.sm2Plans.delete(cacheKey);
    }
  }

  forgetAllSlots(): void {
    this.sessions.clear();
    this.keyHandles.clear();
    this.sm2Plans.clear();
  }

  presentSlotIds(): string[] {
    return this.library.C_GetSlotList(true).map(slotIdOf);
  }

  listTokens(): TokenSummary[] {
    let unreadable: YiKeyError | undefined;
    const tokens = this.library.C_GetSlotList(true).flatMap((handle): TokenSummary[] => {
      const slotId = slotIdOf(handle);
      try {
        const info = this.library.C_GetTokenInfo(handle);
        return [
          {
            slotId,
            label: pkcs11Text(info.label),
            serial: pkcs11Text(info.serialNumber),
            manufacturer: pkcs11Text(info.manufacturerID),
            model: pkcs11Text(info.model),
            loggedIn: this.isLoggedIn(slotId),
            pin: pinStatusFromTokenInfo(info),
          },
        ];
      } catch (error) {
        const mapped = ckrToError(error, 'C_GetTokenInfo');
        // A key pulled out between the slot list and this call is simply not listed.
        if (!sessionLostCodes.has(mapped.code)) unreadable ??= mapped;
        return [];
      }
    });
    // A key that cannot be read (not recognised, a device error) must not hide a good one; with
    // no good key, its error is the answer, so the holder learns why nothing shows.
    if (tokens.length === 0 && unreadable) throw unreadable;
    return tokens;
  }

  listObjects({ slotId }: HostParams<'listObjects'>): HostResult<'listObjects'> {
    return this.withSession(slotId, 'list objects', (session) => {
      const certificates = findObjects(this.library, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      ]).map((handle) => {
        const attributes = readAttributes(this.library, session, handle, ['id', 'label', 'value']);
        return { id: attributes.id, label: attributes.label, value: attributes.value };
      });
      return { certificates, privateKeys: this.listPrivateKeys(session) };
    });
  }

  login({ slotId, pin }: HostParams<'login'>): void {
    const status = this.pinStatus(slotId);
    if (status.locked) {
      throw pinLockedError();
    }
    if (pin === undefined && !status.pinPad) {
      throw new YiKeyError('invalid-input', 'A PIN is required for this key');
    }
    if (pin !== undefined) assertEnteredPinAcceptable(pin, status);
    // Already logged in: log out first, so that this PIN is checked and a wrong one is never
    // answered with success (a re-authentication must mean something).
    if (this.isLoggedIn(slotId)) this.logout({ slotId });
    this.removedSlots.delete(slotId);
    try {
      this.checkedLogin(slotId, pin);
    } catch (error) {
      throw this.withTriesLeft(slotId, ckrToError(error, 'C_Login'));
    }
  }

  /**
   * C_Login that succeeds only when the key accepted this PIN. CKR_USER_ALREADY_LOGGED_IN says
   * nothing about the PIN (some middleware shares one login between applications, or a session
   * we lost track of is still logged in), so the login is ended and the PIN presented again.
   */
  private checkedLogin(slotId: string, pin: string | undefined): void {
    for (const endLogin of [
      (session: Buffer) => this.library.C_Logout(session),
      // A login C_Logout cannot end: closing every session of the slot ends it (PKCS#11 §5.6).
      () => this.closeAllSessions(slotId),
    ]) {
      const session = this.openSession(slotId);
      try {
        // PIN pad: PKCS#11 wants a NULL PIN, but pkcs11js always sends a string; an empty one
        // is the closest it can say (the virtual key takes it as "typed on the reader").
        this.library.C_Login(session, pkcs11js.CKU_USER, pin ?? '');
        return;
      } catch (error) {
        if (!/CKR_USER_ALREADY_LOGGED_IN/.test(String(error)))
          throw this.noteSessionLoss(slotId, ckrToError(error, 'C_Login'));
      }
      try {
        endLogin(session);
      } catch {
        // Checked by the next C_Login, which must then succeed on its own merits.
      }
    }
    const session = this.openSession(slotId);
    try {
      this.library.C_Login(session, pkcs11js.CKU_USER, pin ?? '');
    } catch (error) {
      if (/CKR_USER_ALREADY_LOGGED_IN/.test(String(error))) {
        throw new YiKeyError('operation-failed', 'The key stays logged in and would not check the PIN', {
          ckr: 'CKR_USER_ALREADY_LOGGED_IN',
          operation: 'C_Login',
        });
      }
      throw this.noteSessionLoss(slotId, ckrToError(error, 'C_Login'));
    }
  }

  private closeAllSessions(slotId: string): void {
    this.forgetSlot(slotId);
    this.library.C_CloseAllSessions(this.slotHandle(slotId));
  }

  logout({ slotId }: HostParams<'logout'>): void {
    const session = this.sessions.get(slotId);
    if (!session) return;
    try {
      this.library.C_Logout(session);
    } catch {
      // Already logged out or the key is gone: either way the holder is logged out.
    }
    try {
      this.library.C_CloseSession(session);
    } catch {
      // The session may already be closed by a removal.
    }
    this.forgetSlot(slotId);
  }

  /** Closes every session on every present key, which logs the holder out of all of them. */
  logoutAll(): void {
    for (const slotId of [...this.sessions.keys()]) this.logout({ slotId });
    const stillOpen: string[] = [];
    for (const handle of this.library.C_GetSlotList(true)) {
      try {
        this.library.C_CloseAllSessions(handle);
      } catch (error) {
        // A key pulled out meanwhile has no sessions left to close. Anything else means a
        // login may live on, and the caller must not tell the holder they are logged out.
        if (!sessionLostCodes.has(ckrToError(error, 'C_CloseAllSessions').code))
          stillOpen.push(slotIdOf(handle));
      }
    }
    this.forgetAllSlots();
    if (stillOpen.length > 0) {
      throw new YiKeyError(
        'operation-failed',
        `Could not close the sessions of slot ${stillOpen.join(', ')}`,
        {
          operation: 'C_CloseAllSessions',
        },
      );
    }
  }

  changePin({ slotId, oldPin, newPin }: HostParams<'changePin'>): void {
    const status = this.pinStatus(slotId);
    if (status.locked) throw pinLockedError();
    // On a PIN pad both PINs are typed on the reader: the host passes none (empty, as pkcs11js
    // takes strings; the module reads the pad). Elsewhere both are required.
    const onPad = oldPin === undefined && newPin === undefined;
    if (onPad && !status.pinPad)
      throw new YiKeyError('invalid-input', 'The current and the new PIN are required');
    if (!onPad && (oldPin === undefined || newPin === undefined)) {
      throw new YiKeyError('invalid-input', 'Give both the current and the new PIN, or neither on a PIN pad');
    }
    if (oldPin !== undefined) assertEnteredPinAcceptable(oldPin, status);
    if (newPin !== undefined) assertEnteredPinAcceptable(newPin, status);
    this.withSession(slotId, 'C_SetPIN', (session) => {
      try {
        this.library.C_SetPIN(session, oldPin ?? '', newPin ?? '');
      } catch (error) {
        throw this.withTriesLeft(slotId, ckrToError(error, 'C_SetPIN'));
      }
    });
  }

  /**
   * PIN unlock: the security officer sets a one-time user PIN (C_InitPIN), which also clears the
   * lock, and moves the SO PIN to newSoPin; then the holder's session changes the one-time PIN
   * to newPin (C_SetPIN), so the key does not ask for a PIN change again. The session is closed afterwards, so no SO
   * login outlives the call. A wrong soPin is answered as so-pin-incorrect, not pin-incorrect:
   * the holder's own tries are not at stake.
   */
  initPinAsSecurityOfficer({
    slotId,
    soPin,
    newPin,
    newSoPin,
  }: HostParams<'initPinAsSecurityOfficer'>): void {
    assertEnteredPinAcceptable(newPin, this.pinStatus(slotId));
    // A user login on this key would make the SO login fail (CKR_USER_ANOTHER_ALREADY_LOGGED_IN).
    this.logout({ slotId });
    this.removedSlots.delete(slotId);
    try {
      this.withSession(slotId, 'C_InitPIN', (session) => {
        try {
          this.library.C_Login(session, pkcs11js.CKU_SO, soPin);
        } catch (error) {
          if (/CKR_PIN_INCORRECT/.test(String(error)))
            throw new YiKeyError('so-pin-incorrect', 'The key did not accept the unlock material', {
              ckr: 'CKR_PIN_INCORRECT',
              operation: 'C_Login',
            });
          throw error;
        }
        // The SO sets a one-time PIN, never the holder's: real keys (and the virtual one) mark a
        // PIN the SO set as to-be-changed, and the holder's own C_SetPIN below clears that.
        const interim = interimPin(this.pinStatus(slotId));
        this.library.C_InitPIN(session, interim);
        if (newSoPin !== undefined) this.library.C_SetPIN(session, soPin, newSoPin);
        this.library.C_Logout(session);
        this.library.C_Login(session, pkcs11js.CKU_USER, interim);
        this.library.C_SetPIN(session, interim, newPin);
        this.library.C_Logout(session);
      });
    } finally {
      this.logout({ slotId });
    }
  }

  async signDigest({ slotId, keyId, mechanism, data }: HostParams<'signDigest'>): Promise<Uint8Array> {
    const session = this.sessions.get(slotId);
    // A cached key handle means this session found the private key while logged in; a logout
    // since then is answered by C_SignInit itself (CKR_USER_NOT_LOGGED_IN), so the next
    // signature of a batch skips one token round trip.
    const knownKey = this.keyHandles.has(`${slotId}/${keyId}`);
    if (this.removedSlots.has(slotId)) {
      throw new YiKeyError('token-removed', 'The USBKEY was removed; its session is gone');
    }
    if (!session || (!knownKey && !this.isLoggedIn(slotId))) {
      throw new YiKeyError('not-logged-in', 'Log in with the PIN before signing');
    }
    let operationActive = false;
    try {
      const key = this.privateKeyHandle(slotId, session, keyId);
      if (mechanism === 'sm2' || mechanism === 'sm2-message') {
        return await this.signSm2(
          slotId,
          session,
          key,
          keyId,
          mechanism,
          data,
          () => (operationActive = true),
        );
      }
      const mechanismType = mechanism === 'rsa-pkcs' ? pkcs11js.CKM_RSA_PKCS : pkcs11js.CKM_ECDSA;
      this.library.C_SignInit(session, { mechanism: mechanismType }, key);
      operationActive = true;
      const signature = await this.library.C_SignAsync(
        session,
        Buffer.from(data),
        Buffer.alloc(maxSignatureBytes),
      );
      return new Uint8Array(signature);
    } catch (error) {
      this.keyHandles.delete(`${slotId}/${keyId}`);
      this.sm2Plans.delete(`${slotId}/${keyId}`);
      const failure = this.noteSessionLoss(slotId, ckrToError(error, 'C_Sign'));
      if (operationActive && !sessionLostCodes.has(failure.code)) this.replaceSession(slotId, session);
      throw failure;
    }
  }

  /**
   * SM2 under the key's vendor numbering: the preferred mechanism the token accepts (one it
   * refuses with CKR_MECHANISM_INVALID is skipped), its input built from e or Z ‖ M, its answer
   * brought to r ‖ s. The mechanism that worked is remembered for the key's next signature.
   */
  private async signSm2(
    slotId: string,
    session: Buffer,
    key: Buffer,
    keyId: string,
    request: Sm2Request,
    data: Uint8Array,
    markActive: () => void,
  ): Promise<Uint8Array> {
    const { sm2Candidates, sm2KeyPlan, sm2MechanismInput, sm2SignatureAsRaw } = await sm2Signing();
    const cacheKey = `${slotId}/${keyId}`;
    const plan =
      this.sm2Plans.get(cacheKey) ?? sm2KeyPlan(this.library, session, key, this.slotHandle(slotId));
    this.sm2Plans.set(cacheKey, plan);
    let refused: unknown;
    for (const mechanism of sm2Candidates(plan, request)) {
      try {
        this.library.C_SignInit(session, { mechanism: mechanism.value }, key);
      } catch (error) {
        if (!/CKR_MECHANISM_INVALID|CKR_KEY_TYPE_INCONSISTENT/.test(String(error))) throw error;
        refused = error;
        continue;
      }
      markActive();
      const signature = await this.library.C_SignAsync(
        session,
        sm2MechanismInput(mechanism, request, data),
        Buffer.alloc(maxSignatureBytes),
      );
      plan.known = mechanism;
      return sm2SignatureAsRaw(mechanism, new Uint8Array(signature));
    }
    throw refused;
  }

  /**
   * PKCS#11 says a failed C_Sign ends the operation, but some modules leave it active, and
   * every later C_SignInit then fails with CKR_OPERATION_ACTIVE. A fresh session has no
   * operation; it is opened before the old one is closed, so the login (held per application,
   * not per session) survives and the holder need not type the PIN again.
   */
  private replaceSession(slotId: string, stale: Buffer): void {
    this.forgetSlot(slotId);
    try {
      this.openSession(slotId);
    } catch {
      // The next call opens one, or reports why it cannot.
    }
    try {
      this.library.C_CloseSession(stale);
    } catch {
      // Already gone with the failure: nothing left to end.
    }
  }

  /** Object handles stay valid for the session's life, so a doctor's next signature skips the search. */
  private privateKeyHandle(slotId: string, session: Buffer, keyId: string): Buffer {
    const cacheKey = `${slotId}/${keyId}`;
    const cached = this.keyHandles.get(cacheKey);
    if (cached) return cached;
    const [key] = findObjects(this.library, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
    ]);
    if (!key) throw new YiKeyError('key-not-found', `No private key with id ${keyId} on this key`);
    this.keyHandles.set(cacheKey, key);
    return key;
  }

  private listPrivateKeys(session: Buffer): PrivateKeyObject[] {
    return findObjects(this.library, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    ]).map((handle) => {
      const attributes = readAttributes(this.library, session, handle, ['id', 'label', 'keyType']);
      return {
        id: attributes.id,
        label: attributes.label,
        keyType: this.keyTypeName(session, handle, attributes.keyType),
      };
    });
  }

  /** SM2 by a vendor key type or by CKK_EC on the SM2 curve (token/sm2-numberings.ts). */
  private keyTypeName(session: Buffer, handle: Buffer, keyType: number): PrivateKeyObject['keyType'] {
    if (keyType === pkcs11js.CKK_RSA) return 'RSA';
    const ecParameters =
      keyType === pkcs11js.CKK_EC
        ? readAttributes(this.library, session, handle, ['ecParams']).ecParams
        : null;
    if (numberingsForKeyType(keyType, ecParameters)) return 'SM2';
    return keyType === pkcs11js.CKK_EC ? 'EC' : 'other';
  }

  private pinStatus(slotId: string): ReturnType<typeof pinStatusFromTokenInfo> {
    try {
      return pinStatusFromTokenInfo(this.library.C_GetTokenInfo(this.slotHandle(slotId)));
    } catch (error) {
      throw this.noteSessionLoss(slotId, ckrToError(error, 'C_GetTokenInfo'));
    }
  }

  /** Adds what the token's flags now say about remaining tries to a PIN error. */
  private withTriesLeft(slotId: string, error: YiKeyError): YiKeyError {
    if (error.code !== 'pin-incorrect' && error.code !== 'pin-locked')
      return this.noteSessionLoss(slotId, error);
    try {
      const status = this.pinStatus(slotId);
      const code = status.locked ? 'pin-locked' : error.code;
      const message = status.locked ? 'The PIN is now locked; ask the CA for a PIN unlock' : error.message;
      return new YiKeyError(code, message, {
        ...error.details,
        triesLeft: status.triesLeft,
        countLow: status.countLow,
      });
    } catch {
      return error;
    }
  }

  private isLoggedIn(slotId: string): boolean {
    const session = this.sessions.get(slotId);
    if (!session) return false;
    try {
      return userSessionStates.has(this.library.C_GetSessionInfo(session).state);
    } catch {
      this.forgetSlot(slotId);
      return false;
    }
  }

  /** Runs a renewal operation (key-renewal.ts) in the slot's session, which must be logged in. */
  withUserSession<T>(slotId: string, operation: string, action: (session: Buffer) => T): T {
    if (this.removedSlots.has(slotId))
      throw new YiKeyError('token-removed', 'The USBKEY was removed; its session is gone');
    if (!this.isLoggedIn(slotId))
      throw new YiKeyError('not-logged-in', `Log in with the PIN before: ${operation}`);
    return this.withSession(slotId, operation, action);
  }

  private withSession<T>(slotId: string, operation: string, action: (session: Buffer) => T): T {
    const session = this.openSession(slotId);
    try {
      return action(session);
    } catch (error) {
      throw this.noteSessionLoss(slotId, ckrToError(error, operation));
    }
  }

  private noteSessionLoss(slotId: string, error: YiKeyError): YiKeyError {
    if (sessionLostCodes.has(error.code)) this.forgetSlot(slotId);
    return error;
  }

  private openSession(slotId: string): Buffer {
    const existing = this.sessions.get(slotId);
    if (existing) {
      try {
        this.library.C_GetSessionInfo(existing);
        return existing;
      } catch {
        this.forgetSlot(slotId);
      }
    }
    try {
      const session = this.library.C_OpenSession(
        this.slotHandle(slotId),
        pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION,
      );
      this.sessions.set(slotId, session);
      return session;
    } catch (error) {
      throw ckrToError(error, 'C_OpenSession');
    }
  }

  private slotHandle(slotId: string): Buffer {
    const handle = this.library.C_GetSlotList(false).find((candidate) => slotIdOf(candidate) === slotId);
    if (!handle)
      throw new YiKeyError('token-not-present', `No slot ${slotId}; the USBKEY may have been removed`);
    return handle;
  }
}

/** A random one-time PIN of letters and digits: 12 long, or what the key's limits allow. */
function interimPin(limits: { minLength: number; maxLength: number }): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const length = Math.min(limits.maxLength, Math.max(12, limits.minLength));
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
