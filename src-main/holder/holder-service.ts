// The one façade over the holder's use cases: list keys and certificates, log in and out,
// change the PIN, sign and verify. The CLI, Electron IPC, browser mode and the EMR bridge all
// call this; none of them talks to the token host directly.
import { EventEmitter } from 'node:events';
import type { CertificateChain } from '../certs/certificate-chain';
import { DEFAULT_RENEWAL_WINDOW_DAYS } from '../certs/expiry-status';
import type { ModuleDiagnostics } from '../contract/diagnostics-schemas';
import { checkNewPin } from '../contract/pin-policy';
import type { TokenEvent, TokenSummary } from '../contract/token-types';
import { YiKeyError } from '../contract/yikey-error';
import type { CmsSignatureOptions } from '../signing/create-cades-signature';
import type { CadesVerificationResult } from '../signing/verify-cades-detached';
import type { HostLifecycleEvent, TokenHostClient } from '../token/token-host-client';
import type { CertificateEntry, TokenContents } from './certificate-entry';

type CertificateWork = typeof import('./certificate-work');
let certificateWorkLoading: Promise<CertificateWork> | undefined;

/** certificate-work.ts, imported once on first use (see there why). */
function certificateWork(): Promise<CertificateWork> {
  certificateWorkLoading ??= import('./certificate-work');
  return certificateWorkLoading;
}

export interface HolderServiceOptions {
  host: TokenHostClient;
  clock?: () => Date;
  renewalWindowDays?: number;
  /** CA certificates (DER) that verification trusts when the caller names none, e.g. the provincial CA. */
  trustedCertificatesDer?: Uint8Array[];
}

/** Every key is logged out for certain, after a key was pulled out. */
export interface LoggedOutEvent {
  type: 'logged-out';
  reason: 'token-removed';
  at: string;
}

export type HolderEvent = TokenEvent | HostLifecycleEvent | LoggedOutEvent;

/** A key whose objects could not be read; the other keys are listed as usual. */
export interface UnreadableKey {
  slotId: string;
  tokenLabel: string;
  tokenSerial: string;
  error: YiKeyError;
}

/** One record to sign: its bytes, or only their SHA-256 (the signer then never sees the content). */
export type SignableRecord =
  { content: Uint8Array } | { digest: Uint8Array; digestAlgorithm?: 'sha256' | 'sm3' };

/** Each record's own outcome: one failure (or a pulled-out key) does not hide the signatures made. */
export type SignOutcome = { ok: true; signature: Uint8Array } | { ok: false; error: YiKeyError };

export interface Listing {
  tokens: TokenSummary[];
  certificates: CertificateEntry[];
  keysWithoutCertificate: TokenContents['keysWithoutCertificate'];
  unreadableKeys: UnreadableKey[];
}

export class HolderService {
  private readonly events = new EventEmitter();
  private readonly clock: () => Date;
  private renewalWindowDays: number;
  private trustedCertificatesDer: Uint8Array[] | undefined;
  private readonly contentsCache = new Map<string, Promise<TokenContents>>();
  /** Inserted keys as last listed; dropped on every event or call that can change them. */
  private tokensCache: Promise<TokenSummary[]> | undefined;

  constructor(private readonly options: HolderServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.renewalWindowDays = options.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS;
    this.trustedCertificatesDer = options.trustedCertificatesDer;
    options.host.onTokenEvent((event) => {
      this.contentsCache.delete(event.slotId);
      this.tokensCache = undefined;
      // Pulling one key out logs the holder out everywhere (provincial rules art. 18): the
      // holder is leaving the PC, so no other inserted key stays usable in their name. The
      // logout is queued first, so no call a listener makes can run before it.
      if (event.type === 'token-removed') this.logOutAfterRemoval(event.at);
      this.events.emit('event', event);
    });
    options.host.onLifecycle((event) => {
      this.contentsCache.clear();
      this.tokensCache = undefined;
      this.events.emit('event', event);
    });
  }

  onEvent(listener: (event: HolderEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** The holder changed the renewal rule in the settings: expiry badges are worked out again. */
  setRenewalWindowDays(days: number): void {
    if (!Number.isInteger(days) || days < 1) {
      throw new YiKeyError('invalid-input', 'The renewal window must be a whole number of days, at least 1');
    }
    // No cache to drop: expiry status is worked out on every read (currentEntries).
    this.renewalWindowDays = days;
  }

  /** The holder changed the trusted CA files: the next path or verification uses the new ones. */
  setTrustedCertificates(certificatesDer: Uint8Array[] | undefined): void {
    this.trustedCertificatesDer = certificatesDer;
  }

  start(): ReturnType<TokenHostClient['start']> {
    return this.options.host.start();
  }

  /** Ends the token host; it logs out of every key and finalises the module first. */
  stop(): Promise<void> {
    return this.options.host.stop();
  }

  /** Always asks the keys: PIN flags can change behind our back (another app, a PIN pad). */
  listTokens(): Promise<TokenSummary[]> {
    const listing = this.options.host.call('listTokens', {});
    this.tokensCache = listing;
    listing.catch(() => (this.tokensCache = undefined));
    return listing;
  }

  /**
   * The module's C_GetInfo, every slot and each key's info and mechanisms, for the diagnostics
   * report. Read fresh each time; no session is opened and no PIN is involved.
   */
  diagnostics(): Promise<ModuleDiagnostics> {
    return this.options.host.call('diagnostics', {});
  }

  async listAll(): Promise<Listing> {
    const tokens = await this.listTokens();
    const { contents, unreadableKeys } = await this.readContents(tokens);
    return {
      tokens,
      certificates: this.currentEntries(contents, await certificateWork()),
      keysWithoutCertificate: contents.flatMap((content) => content.keysWithoutCertificate),
      unreadableKeys,
    };
  }

  /** The objects of every key; one key that cannot be read (a fault, a vendor bug) must not hide the others. */
  private async readContents(
    tokens: TokenSummary[],
  ): Promise<{ contents: TokenContents[]; unreadableKeys: UnreadableKey[] }> {
    const results = await Promise.all(
      tokens.map((token) =>
        this.contentsOf(token).then(
          (contents): { contents: TokenContents } => ({ contents }),
          (error: unknown): { unreadable: UnreadableKey } => ({
            unreadable: {
              slotId: token.slotId,
              tokenLabel: token.label,
              tokenSerial: token.serial,
              error: YiKeyError.from(error),
            },
          }),
        ),
      ),
    );
    return {
      contents: results.flatMap((result) => ('contents' in result ? [result.contents] : [])),
      unreadableKeys: results.flatMap((result) => ('unreadable' in result ? [result.unreadable] : [])),
    };
  }

  async login(slotId: string, pin: string | undefined): Promise<void> {
    await this.options.host.call('login', pin === undefined ? { slotId } : { slotId, pin });
    // Private keys become visible after login: pairing must be read again.
    this.forgetSlotState(slotId);
  }

  async logout(slotId: string): Promise<void> {
    await this.options.host.call('logout', { slotId });
    this.forgetSlotState(slotId);
  }

  /** Logs out of every key; used by Lock, idle lock, screen lock and removal. */
  async logoutAll(): Promise<void> {
    try {
      await this.options.host.call('logoutAll', {});
    } catch (error) {
      // A crashed or killed host took every session with it: that is logged out too.
      const code = (error as { code?: unknown }).code;
      if (code !== 'module-crashed' && code !== 'module-timeout') throw error;
    } finally {
      this.contentsCache.clear();
      this.tokensCache = undefined;
    }
  }

  /**
   * "Logged out" is announced only once it is true. If the module would not close a session,
   * the token host is restarted: that ends every login for certain, and 'host-restarted' says so.
   */
  private logOutAfterRemoval(at: string): void {
    this.logoutAll().then(
      () =>
        this.events.emit('event', {
          type: 'logged-out',
          reason: 'token-removed',
          at,
        } satisfies LoggedOutEvent),
      () => this.options.host.recycle(),
    );
  }

  private forgetSlotState(slotId: string): void {
    this.contentsCache.delete(slotId);
    this.tokensCache = undefined;
  }

  /** Without PINs on a PIN-pad key: the holder types both on the reader (the pad checks its own rules). */
  async changePin(slotId: string, oldPin?: string, newPin?: string): Promise<void> {
    const token = (await this.listTokens()).find((candidate) => candidate.slotId === slotId);
    if (!token) throw new YiKeyError('token-not-present', 'The USBKEY is no longer inserted');
    if (oldPin === undefined || newPin === undefined) {
      try {
        await this.options.host.call('changePin', { slotId, oldPin, newPin });
      } finally {
        this.forgetSlotState(slotId);
      }
      return;
    }
    const violations = checkNewPin({
      newPin,
      oldPin,
      minLength: token.pin.minLength,
      maxLength: token.pin.maxLength,
    });
    if (violations.length > 0) {
      throw new YiKeyError('pin-policy', `The new PIN is not acceptable: ${violations.join(', ')}`, {
        violations,
      });
    }
    try {
      await this.options.host.call('changePin', { slotId, oldPin, newPin });
    } finally {
      this.forgetSlotState(slotId);
    }
  }

  /**
   * Signs content as detached CAdES-BES with the chosen (or the only) signing certificate: SHA-256
   * for RSA and P-256, SM3 and SM2-with-SM3 for SM2. `options` picks the GM/T 0010 content types
   * or no signed attributes (CFCA style) for receivers that expect those.
   */
  async sign(input: {
    content: Uint8Array;
    certificateFingerprint?: string | undefined;
    options?: CmsSignatureOptions | undefined;
  }): Promise<{
    signature: Uint8Array;
    signer: CertificateEntry & { readable: true };
    /** The signing-time attribute inside the signature. */
    signingTime: Date;
  }> {
    const { signer, der, work } = await this.signingCertificate(input.certificateFingerprint);
    const provider = work.tokenSignatureProvider(this.options.host, {
      slotId: signer.slotId,
      keyId: signer.objectId,
      certificate: signer.certificate,
    });
    const signingTime = this.clock();
    const signature = await work.createCadesDetachedSignature({
      content: input.content,
      signerCertificateDer: der,
      signer: provider,
      signingTime,
      ...(input.options ? { options: input.options } : {}),
    });
    return { signature, signer, signingTime };
  }

  /**
   * The bare signature value of `content` (DER; SM2: over SM3(Z ‖ content) with the default ID),
   * as SOF_SignData returns it base64-encoded: for the EMR bridge's compatibility shim.
   */
  async signRaw(input: { content: Uint8Array; certificateFingerprint?: string | undefined }): Promise<{
    signature: Uint8Array;
    signer: CertificateEntry & { readable: true };
  }> {
    const { signer, der, work } = await this.signingCertificate(input.certificateFingerprint);
    const provider = work.tokenSignatureProvider(this.options.host, {
      slotId: signer.slotId,
      keyId: signer.objectId,
      certificate: signer.certificate,
    });
    const signature = await work.createRawSignature({
      content: input.content,
      signerCertificateDer: der,
      signer: provider,
    });
    return { signature, signer };
  }

  /**
   * Signs many records with one certificate: the token signs them in batches, one round trip
   * per batch. All or nothing: if the key is pulled out midway, no signature is returned.
   */
  async signMany(input: { contents: Uint8Array[]; certificateFingerprint?: string | undefined }): Promise<{
    signatures: Uint8Array[];
    signer: CertificateEntry & { readable: true };
    signingTime: Date;
  }> {
    const { signer, der, work } = await this.signingCertificate(input.certificateFingerprint);
    const provider = work.tokenSignatureProvider(
      this.options.host,
      { slotId: signer.slotId, keyId: signer.objectId, certificate: signer.certificate },
      { batch: true },
    );
    const signingTime = this.clock();
    const signatures = await Promise.all(
      input.contents.map((content) =>
        work.createCadesDetachedSignature({
          content,
          signerCertificateDer: der,
          signer: provider,
          signingTime,
        }),
      ),
    );
    return { signatures, signer, signingTime };
  }

  /**
   * The certificate a signature would use now, validity checked, and its key as last listed
   * (logged in or not, PIN flags), so a door can show them to the holder (the EMR bridge's
   * consent) before anything is signed.
   */
  async signingCertificateFor(fingerprint: string | undefined): Promise<{
    signer: CertificateEntry & { readable: true };
    der: Uint8Array;
    token: TokenSummary;
  }> {
    const { signer, der, tokens } = await this.signingCertificate(fingerprint);
    const token = tokens.find((candidate) => candidate.slotId === signer.slotId);
    if (!token) throw new YiKeyError('token-removed', 'The USBKEY holding the certificate was removed');
    return { signer, der, token };
  }

  /**
   * Signs records with one certificate, each outcome on its own (the EMR bridge's batches): the
   * signatures made before a key is pulled out are kept; the rest fail with the key's error.
   * Several records go to the token in batches, one round trip per batch.
   */
  async signEach(input: {
    records: SignableRecord[];
    certificateFingerprint?: string | undefined;
    /** Called after each record, signed or not, with how many are done. */
    onSettled?: (done: number) => void;
  }): Promise<{ outcomes: SignOutcome[]; signer: CertificateEntry & { readable: true }; signingTime: Date }> {
    const { signer, der, work } = await this.signingCertificate(input.certificateFingerprint);
    const provider = work.tokenSignatureProvider(
      this.options.host,
      { slotId: signer.slotId, keyId: signer.objectId, certificate: signer.certificate },
      // Four per token call: progress after every few records, and a key pulled out midway
      // stops the rest within a few signatures; the calls still queue back to back in the host.
      { batch: input.records.length > 1, perCall: 4 },
    );
    const signingTime = this.clock();
    let done = 0;
    const outcomes = await Promise.all(
      input.records.map((record) =>
        work
          .createCadesDetachedSignature({
            content: 'content' in record ? record.content : new Uint8Array(0),
            ...('digest' in record
              ? {
                  precomputedContentDigest: record.digest,
                  precomputedContentDigestAlgorithm: record.digestAlgorithm ?? 'sha256',
                }
              : {}),
            signerCertificateDer: der,
            signer: provider,
            signingTime,
          })
          .then(
            (signature): SignOutcome => ({ ok: true, signature }),
            (error: unknown): SignOutcome => ({ ok: false, error: YiKeyError.from(error) }),
          )
          .finally(() => input.onSettled?.(++done)),
      ),
    );
    return { outcomes, signer, signingTime };
  }

  private async signingCertificate(fingerprint: string | undefined): Promise<{
    signer: CertificateEntry & { readable: true };
    der: Uint8Array;
    tokens: TokenSummary[];
    work: CertificateWork;
  }> {
    // The listing is cached between signatures (events and logins clear it): a batch of
    // records costs one token round trip per signature, not three.
    const tokens = await (this.tokensCache ?? this.listTokens());
    const { contents } = await this.readContents(tokens);
    const work = await certificateWork();
    const signer = work.chooseSigningCertificate(this.currentEntries(contents, work), fingerprint);
    const chosen = signer.certificate.sha256Fingerprint;
    const der = contents
      .find((content) => content.derByFingerprint.has(chosen))
      ?.derByFingerprint.get(chosen);
    if (!der)
      throw new YiKeyError('certificate-not-found', 'The certificate is no longer on an inserted USBKEY');
    return { signer, der, tokens, work };
  }

  async verify(input: {
    content: Uint8Array;
    signature: Uint8Array;
    trustedCertificatesDer?: Uint8Array[];
  }): Promise<CadesVerificationResult> {
    const trustedCertificatesDer = input.trustedCertificatesDer ?? this.trustedCertificatesDer;
    const work = await certificateWork();
    return work.verifyCadesDetached({
      ...input,
      ...(trustedCertificatesDer ? { trustedCertificatesDer } : {}),
      now: this.clock(),
    });
  }

  /**
   * What lifecycle/ (certificate requests, composed in certificate-requests.ts) needs from the
   * façade: the token host, the trust store and clock in force, and a way to drop cached
   * listings once a request changed the objects on a key.
   */
  lifecycleParts(): {
    host: TokenHostClient;
    trustedDer: () => Uint8Array[];
    clock: () => Date;
    objectsChanged: () => void;
  } {
    return {
      host: this.options.host,
      trustedDer: () => this.trustedCertificatesDer ?? [],
      clock: this.clock,
      objectsChanged: () => {
        this.contentsCache.clear();
        this.tokensCache = undefined;
      },
    };
  }

  async certificateDer(fingerprint: string): Promise<Uint8Array> {
    return (await this.keyHolding(fingerprint)).der;
  }

  /**
   * The certification path of a certificate on an inserted key, judged now. Candidate issuers are
   * the trust store and every other certificate on the same key (CAs often ship their chain there).
   */
  async certificateChain(
    fingerprint: string,
  ): Promise<{ chain: CertificateChain; trustStoreConfigured: boolean }> {
    const { der, contents } = await this.keyHolding(fingerprint);
    const trustedDer = this.trustedCertificatesDer ?? [];
    const chain = await (
      await certificateWork()
    ).buildCertificateChain({
      certificateDer: der,
      trustedDer,
      candidateDer: [...contents.derByFingerprint.values()],
      at: this.clock(),
    });
    return { chain, trustStoreConfigured: trustedDer.length > 0 };
  }

  /** The key (its objects) holding a certificate, and the certificate's DER. */
  private async keyHolding(fingerprint: string): Promise<{ der: Uint8Array; contents: TokenContents }> {
    const { contents } = await this.readContents(await this.listTokens());
    for (const content of contents) {
      const der = content.derByFingerprint.get(fingerprint);
      if (der) return { der, contents: content };
    }
    throw new YiKeyError('certificate-not-found', 'That certificate is not on any inserted USBKEY');
  }

  /**
   * The cached entries with expiry status judged now, with the window in force now: a cached
   * listing must not keep an old badge after a settings change or past midnight.
   */
  private currentEntries(contents: TokenContents[], work: CertificateWork): CertificateEntry[] {
    const now = this.clock();
    return contents.flatMap((content) =>
      content.entries.map((entry) => work.withExpiryAt(entry, now, this.renewalWindowDays)),
    );
  }

  private contentsOf(token: TokenSummary): Promise<TokenContents> {
    const cacheKey = token.slotId;
    const cached = this.contentsCache.get(cacheKey);
    if (cached) return cached;
    const loading = Promise.all([
      this.options.host.call('listObjects', { slotId: token.slotId }),
      certificateWork(),
    ]).then(([objects, work]) =>
      work.pairObjects(token, objects, { now: this.clock(), renewalWindowDays: this.renewalWindowDays }),
    );
    this.contentsCache.set(cacheKey, loading);
    loading.catch(() => this.contentsCache.delete(cacheKey));
    return loading;
  }
}
