// Re-issue (补办) over CMP ir (docs/cmp-profile.md §Re-issue): the holder's key was lost or
// damaged, the unit administrator issued a reference number and a one-time authorisation code
// (授权码), and the holder now has a key with a user PIN but no certificate. A new key pair is
// made on it, the ir carries proof of possession by the new key, and every message of the
// transaction (ir, pollReq, certConf, withdrawal) is MAC-protected with the code, the reference
// number in senderKID. The same journal and steps as renewal (renewal.ts); the code is never in
// the journal: it is kept in the OS keychain (request-secret-keychain.ts) until the request ends,
// or typed again at each sync when there is no keychain.
import { randomBytes } from 'node:crypto';
import { checkAnswer } from '../cmp/answer-check';
import type { PkiBody } from '../cmp/asn1/cmp';
import { enrollmentBody } from '../cmp/build-messages';
import { buildCertReqMsg } from '../cmp/cert-request';
import { CmpError } from '../cmp/cmp-error';
import { postCmp } from '../cmp/http-transport';
import { buildHeader } from '../cmp/message-header';
import { encodePkiMessage, type DecodedMessage } from '../cmp/message-codec';
import { macMessage } from '../cmp/protection';
import { keyAlgorithmOfSpki } from '../cmp/signature-check';
import { YiKeyError } from '../contract/yikey-error';
import { checkAuthorisationCode, checkReferenceAndCode } from './authorisation-code';
import type { AdvanceOptions, RenewalDependencies } from './renewal';
import { finalStages, type RequestRecord, type RequestStage } from './request-record';
import type { RequestSecretStore } from './request-secret-keychain';
import { RevocationWorkflow } from './revocation';
import { subjectPublicKeyInfo } from './token-public-key';
import { tokenProtectionSigner } from './token-signer';
import { insertedTokenInSlot } from './inserted-token';

export interface ReissueDependencies extends RenewalDependencies {
  secrets: RequestSecretStore;
}

export interface ReissueAdvanceOptions extends AdvanceOptions {
  /** The code typed for this call (no keychain, or a first submission); never journaled. */
  code?: string;
}

export interface ReissueStarted {
  record: RequestRecord;
  /** False: no keychain took the code; YiKey asks for it at each sync. */
  codeKept: boolean;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The empty Name: the backend names the holder from its record of the reference number. */
const emptyNameDer = Uint8Array.of(0x30, 0x00);

/** Handles re-issue records and leaves every other kind to RevocationWorkflow / RenewalWorkflow. */
export class ReissueWorkflow extends RevocationWorkflow {
  private readonly secrets: RequestSecretStore;
  /** The code of a request for the duration of one advance() (the MAC secret); wiped after. */
  private readonly codes = new Map<string, Buffer>();

  constructor(deps: ReissueDependencies) {
    super(deps);
    this.secrets = deps.secrets;
  }

  /** 补办 on the key in `slotId` (the holder is logged in) with the reference number and code. */
  async startReissue(
    target: { slotId: string; reference: string },
    code: string,
    options: AdvanceOptions = {},
  ): Promise<ReissueStarted> {
    const reference = checkReferenceAndCode(target.reference, code);
    const token = await insertedTokenInSlot(this.deps.host, target.slotId);
    const open = this.deps.journal
      .list()
      .records.find(
        (record) =>
          record.kind === 'reissue' &&
          record.token.serial === token.serial &&
          record.reference === reference &&
          !finalStages.includes(record.stage),
      );
    let record = open;
    if (!record) {
      record = this.draft(token, 'reissue', 'key-pending', {
        oldKeyId: '',
        oldCertificate: '',
        oldCertificateFingerprint: '',
        // Chosen and journaled before C_GenerateKeyPair: a repeated step finds this key pair.
        newKeyId: hex(randomBytes(20)),
        reference,
        keyAlgorithm: 'RSA',
      });
      this.deps.journal.save(record);
    }
    const codeKept = await this.secrets.save(record.id, code);
    return { record: await this.advance(record.id, { ...options, code }), codeKept };
  }

  /**
   * A re-issue advances with the code typed now or the one in the keychain; with neither it
   * stays where it is, marked request-code-needed. A request that ends takes its code with it.
   */
  override async advance(id: string, options: ReissueAdvanceOptions = {}): Promise<RequestRecord> {
    const { code: typed, ...advanceOptions } = options;
    const record = this.deps.journal.load(id);
    if (record.kind !== 'reissue') return super.advance(id, advanceOptions);
    if (typed !== undefined) checkAuthorisationCode(typed);
    const code = typed ?? (await this.secrets.load(id));
    if (code === null) return this.markCodeNeeded(id);
    if (record.lastError?.code === 'request-code-needed') await this.clearCodeNeeded(id);
    return this.withCode(id, code, () => super.advance(id, advanceOptions));
  }

  override async withdraw(id: string, code?: string): Promise<RequestRecord> {
    if (this.deps.journal.load(id).kind !== 'reissue') return super.withdraw(id);
    if (code !== undefined) checkAuthorisationCode(code);
    const known = code ?? (await this.secrets.load(id));
    // Said, not marked: a 撤回 that did not happen must not look like one.
    if (known === null)
      throw new YiKeyError(
        'request-code-needed',
        'The authorisation code of this request is needed to withdraw it',
      );
    return this.withCode(id, known, () => super.withdraw(id));
  }

  private async withCode(
    id: string,
    code: string,
    action: () => Promise<RequestRecord>,
  ): Promise<RequestRecord> {
    const secret = Buffer.from(code, 'utf8');
    this.codes.set(id, secret);
    try {
      const record = await action();
      if (finalStages.includes(record.stage)) await this.secrets.remove(id);
      return record;
    } finally {
      this.codes.delete(id);
      secret.fill(0);
    }
  }

  private markCodeNeeded(id: string): Promise<RequestRecord> {
    return this.deps.journal.withLock(id, async () => {
      const record = this.deps.journal.load(id);
      // Background rounds find it again every few seconds: one journal write says it.
      if (record.lastError?.code === 'request-code-needed') return record;
      return this.save(record, record.stage, {
        lastError: {
          code: 'request-code-needed',
          message: 'No keychain holds the authorisation code of this request; type it again',
          at: this.clock().toISOString(),
        },
      });
    });
  }

  /** The code is here again: the request no longer says it is missing, whatever the next answer. */
  private clearCodeNeeded(id: string): Promise<RequestRecord> {
    return this.deps.journal.withLock(id, async () => {
      const record = this.deps.journal.load(id);
      return this.save(record, record.stage, { lastError: undefined });
    });
  }

  protected override async step(record: RequestRecord, options: AdvanceOptions): Promise<RequestRecord> {
    if (record.kind !== 'reissue') return super.step(record, options);
    if (record.stage === 'key-pending') return this.generateReissueRequest(record);
    // Nothing was on this key before: no old key to retire.
    if (record.stage === 'confirmed') return this.save(record, 'completed', {});
    return super.step(record, options);
  }

  private async generateReissueRequest(record: RequestRecord): Promise<RequestRecord> {
    const slotId = await this.slotOf(record);
    const { publicKey } = await this.deps.host.call('generateRenewalKeyPair', {
      slotId,
      newKeyId: record.newKeyId,
      label: `YiKey ${record.createdAt.slice(0, 10)}`,
    });
    const spki = subjectPublicKeyInfo(publicKey);
    const keyAlgorithm = keyAlgorithmOfSpki(spki);
    if (!keyAlgorithm) throw new YiKeyError('internal-error', 'The new key pair is neither RSA, EC nor SM2');
    const request = await buildCertReqMsg({
      subjectDer: emptyNameDer,
      publicKeyDer: spki,
      newKeySigner: tokenProtectionSigner(this.deps.host, {
        slotId,
        keyId: record.newKeyId,
        keyAlgorithm,
        publicKeySpki: spki,
      }),
    });
    const message = await this.protect(
      record,
      slotId,
      enrollmentBody('ir', request),
      fromHex(record.senderNonce),
    );
    return this.save(record, 'request-ready', {
      keyAlgorithm,
      requestMessage: base64(message),
      newPublicKey: base64(spki),
    });
  }

  protected override async protect(
    record: RequestRecord,
    slotId: string,
    body: PkiBody,
    senderNonce: Uint8Array,
  ): Promise<Uint8Array> {
    if (record.kind !== 'reissue') return super.protect(record, slotId, body, senderNonce);
    const header = buildHeader({
      // RFC 9483 §3.1: MAC-protected messages may name the NULL-DN; the reference identifies.
      senderNameDer: null,
      recipientNameDer: null,
      transactionID: fromHex(record.transactionId),
      senderNonce,
      recipNonce: record.recipNonce ? fromHex(record.recipNonce) : undefined,
      senderKID: Buffer.from(record.reference!, 'utf8'),
      messageTime: this.clock(),
    });
    return encodePkiMessage(macMessage(header, body, this.codeOf(record)));
  }

  protected override async exchange(
    record: RequestRecord,
    message: Uint8Array,
    kinds: DecodedMessage['kind'][],
  ): Promise<DecodedMessage> {
    if (record.kind !== 'reissue') return super.exchange(record, message, kinds);
    const endpoint = this.deps.endpoint();
    return checkAnswer(await postCmp(endpoint, message), {
      transactionID: fromHex(record.transactionId),
      senderNonce: fromHex(record.senderNonce),
      kinds,
      // A wrong or unknown code cannot be answered with its MAC: the CA signs that refusal.
      protection: {
        kind: 'mac',
        secret: this.codeOf(record),
        orSignedBy: { trustedDer: this.deps.trustedDer(), at: this.clock() },
      },
      maxBytes: endpoint.maxResponseBytes,
    });
  }

  /**
   * Refused before the backend opened a request (wrong, used or expired code, unknown
   * reference): nothing is kept — no record, no key pair, no keychain entry — and the holder is
   * told which; later refusals end the request as for a renewal.
   */
  protected override async afterFailure(record: RequestRecord, error: unknown): Promise<RequestRecord> {
    if (record.kind !== 'reissue' || !neverAccepted(record) || !(error instanceof CmpError))
      return super.afterFailure(record, error);
    const failInfo = String(error.details.failInfo ?? '');
    const wrongCode =
      (error.code === 'cmp-rejected' && failInfo.includes('badMessageCheck')) ||
      (error.code === 'cmp-protection-invalid' && /MAC/.test(error.message));
    const unusable = error.code === 'cmp-rejected' && !wrongCode;
    if (!wrongCode && !unusable) return super.afterFailure(record, error);
    await this.dropNewKey(record);
    this.deps.journal.remove(record.id);
    await this.secrets.remove(record.id);
    const reason = error.peerText.join('；');
    throw wrongCode
      ? new YiKeyError('unlock-code-incorrect', error.message, { reason })
      : new YiKeyError('authorisation-code-unusable', error.message, { reason });
  }

  private codeOf(record: RequestRecord): Buffer {
    const code = this.codes.get(record.id);
    if (!code)
      throw new YiKeyError('request-code-needed', 'The authorisation code of this request is needed');
    return code;
  }
}

/** Before the backend's first answer that opened a request (waiting or issued). */
function neverAccepted(record: RequestRecord): boolean {
  const accepted: RequestStage[] = ['waiting', 'issued', 'installed', 'confirmed'];
  return !record.history.some((entry) => accepted.includes(entry.stage));
}
