// Renewal (续期) over CMP kur (docs/cmp-profile.md): a new key pair on the USBKEY, a request
// signed with the current certificate, waiting for the unit and the information centre, then
// install, certConf (签收) and only then retiring the old key. Every step is announced in the
// journal before it is taken; advance() picks up wherever a record stands, so a crash, a
// pulled-out key or a backend that is down only delays the request.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Fingerprint } from '../certs/fingerprint';
import { CmpError } from '../cmp/cmp-error';
import type { PkiBody } from '../cmp/asn1/cmp';
import { certConfirmBody, enrollmentBody, pollRequestBody, withdrawalBody } from '../cmp/build-messages';
import { buildCertReqMsg } from '../cmp/cert-request';
import { checkAnswer } from '../cmp/answer-check';
import { postCmp, type CmpEndpoint } from '../cmp/http-transport';
import { buildHeader } from '../cmp/message-header';
import { encodePkiMessage, type DecodedMessage } from '../cmp/message-codec';
import { signMessage } from '../cmp/protection';
import { readEnrollmentAnswer } from '../cmp/read-answers';
import { readReviewStage } from '../cmp/yikey-info';
import { YiKeyError } from '../contract/yikey-error';
import type { TokenHostClient } from '../token/token-host-client';
import { checkIssuedCertificate } from './issued-certificate-check';
import { finalStages, type RequestRecord, type RequestStage } from './request-record';
import type { RequestJournal } from './request-journal';
import { subjectPublicKeyInfo } from './token-public-key';
import { tokenProtectionSigner } from './token-signer';
import { insertedTokenInSlot, slotOfJournaledToken } from './inserted-token';

export interface RenewalDependencies {
  host: TokenHostClient;
  journal: RequestJournal;
  /** Resolved when a message is sent, so a changed setting applies to open requests. */
  endpoint: () => CmpEndpoint;
  /** CAs the backend's signer and the issued certificate must chain to. */
  trustedDer: () => Uint8Array[];
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface RenewalTarget {
  slotId: string;
  keyId: string;
  certificateDer: Uint8Array;
  keyAlgorithm: 'RSA' | 'EC' | 'SM2';
}

export interface AdvanceOptions {
  /** Wait for a poll due within this many seconds instead of returning (CLI sync, tests). */
  waitUpToSeconds?: number;
  /** Stop once the request reaches this stage (background polling leaves 安装 to the holder). */
  stopAt?: RequestStage;
}

const hex = (bytes: Uint8Array | ArrayBuffer): string => Buffer.from(bytes as Uint8Array).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Answers that must not change anything: the request stays where it was. */
const untrustedAnswerCodes = new Set([
  'cmp-malformed',
  'cmp-unsupported-body',
  'cmp-too-large',
  'cmp-bad-pvno',
  'cmp-transaction-mismatch',
  'cmp-nonce-mismatch',
  'cmp-protection-missing',
  'cmp-protection-invalid',
  'cmp-unexpected-body',
]);

export class RenewalWorkflow {
  protected readonly clock: () => Date;
  protected readonly sleep: (ms: number) => Promise<void>;

  constructor(protected readonly deps: RenewalDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Starts a renewal of the certificate on `target` (the holder is logged in) and advances it. */
  async start(
    target: RenewalTarget,
    options: AdvanceOptions = {},
    change?: { subjectDer: Uint8Array },
  ): Promise<RequestRecord> {
    const begun = await this.openOrDraft(target, change ? 'change' : 'renew', 'key-pending');
    if ('open' in begun) return this.advance(begun.open.id, options);
    const record: RequestRecord = {
      ...begun.draft,
      requestedSubject: change ? base64(change.subjectDer) : undefined,
      // A fresh CKA_ID, chosen and journaled before C_GenerateKeyPair: a repeated step finds the
      // key pair under this id instead of making a second one.
      newKeyId: hex(randomBytes(20)),
    };
    this.deps.journal.save(record);
    return this.advance(record.id, options);
  }

  /**
   * The open request of this kind for the certificate on `target` — one per certificate and kind
   * at a time, so asking again continues it — or the common fields of a new one (not yet saved).
   */
  protected async openOrDraft(
    target: RenewalTarget,
    kind: RequestRecord['kind'],
    stage: RequestStage,
  ): Promise<{ open: RequestRecord } | { draft: RequestRecord }> {
    const token = await insertedTokenInSlot(this.deps.host, target.slotId);
    const fingerprint = sha256Fingerprint(target.certificateDer);
    const open = this.deps.journal
      .list()
      .records.find(
        (record) =>
          record.oldCertificateFingerprint === fingerprint &&
          record.kind === kind &&
          !finalStages.includes(record.stage),
      );
    if (open) return { open };
    return {
      draft: this.draft(token, kind, stage, {
        oldKeyId: target.keyId,
        oldCertificate: base64(target.certificateDer),
        oldCertificateFingerprint: fingerprint,
        newKeyId: '',
        keyAlgorithm: target.keyAlgorithm,
      }),
    };
  }

  /** A new request's record (not yet saved): a fresh id, transaction and nonce, and the given fields. */
  protected draft(
    token: { serial: string; label: string },
    kind: RequestRecord['kind'],
    stage: RequestStage,
    fields: Pick<
      RequestRecord,
      'oldKeyId' | 'oldCertificate' | 'oldCertificateFingerprint' | 'newKeyId' | 'keyAlgorithm'
    > &
      Partial<RequestRecord>,
  ): RequestRecord {
    const now = this.clock().toISOString();
    return {
      version: 1,
      id: randomUUID(),
      kind,
      stage,
      createdAt: now,
      updatedAt: now,
      token: { serial: token.serial, label: token.label },
      transactionId: hex(randomBytes(16)),
      senderNonce: hex(randomBytes(16)),
      statusText: [],
      history: [{ stage, at: now }],
      ...fields,
    };
  }

  /** Takes every step that can be taken now; returns the record where it stopped. */
  advance(id: string, options: AdvanceOptions = {}): Promise<RequestRecord> {
    return this.deps.journal.withLock(id, async () => {
      let record = this.deps.journal.load(id);
      for (let steps = 0; steps < 50 && !finalStages.includes(record.stage); steps++) {
        if (record.stage === options.stopAt) break;
        const before = record.stage;
        try {
          record = await this.step(record, options);
        } catch (error) {
          return this.afterFailure(record, error);
        }
        if (record.stage === before && record.stage === 'waiting' && !this.pollDue(record, options)) break;
      }
      return record;
    });
  }

  /**
   * 撤回: the holder takes back a request that is still under review. The backend gets a CMP
   * error message (RFC 4210 §5.3.21) in the request's transaction, signed with the current
   * certificate, and answers pkiConf once it has recorded the withdrawal (docs/cmp-profile.md
   * §Withdrawal); a refusal (the CA already started) leaves the request as it was.
   */
  withdraw(id: string): Promise<RequestRecord> {
    return this.deps.journal.withLock(id, async () => {
      const record = this.deps.journal.load(id);
      if (record.stage === 'withdrawn') return record;
      if (record.stage !== 'waiting' && record.stage !== 'request-ready')
        throw new YiKeyError('request-not-withdrawable', `A request at ${record.stage} cannot be withdrawn`, {
          id,
        });
      const slotId = await this.slotOf(record);
      const nonce = randomBytes(16);
      const saved = this.save(record, record.stage, { senderNonce: hex(nonce) });
      const message = await this.protect(saved, slotId, withdrawalBody(), nonce);
      try {
        await this.exchange(saved, message, ['pkiconf']);
      } catch (error) {
        if (error instanceof CmpError && error.code === 'cmp-rejected')
          throw new YiKeyError('request-not-withdrawable', error.peerText.join(' ') || error.message, { id });
        throw error;
      }
      await this.dropNewKey(saved);
      return this.save(saved, 'withdrawn', { statusText: ['已撤回 Withdrawn'] });
    });
  }

  protected async step(record: RequestRecord, options: AdvanceOptions): Promise<RequestRecord> {
    switch (record.stage) {
      case 'key-pending':
        return this.generateAndBuildRequest(record);
      case 'request-ready':
        return this.sendRequest(record);
      case 'waiting':
        return this.poll(record, options);
      case 'issued':
        return this.install(record);
      case 'installed':
        return this.confirm(record);
      case 'confirmed':
        return this.retireOldKey(record);
      default:
        return record;
    }
  }

  protected async generateAndBuildRequest(record: RequestRecord): Promise<RequestRecord> {
    const slotId = await this.slotOf(record);
    const { publicKey } = await this.deps.host.call('generateRenewalKeyPair', {
      slotId,
      basedOnKeyId: record.oldKeyId,
      newKeyId: record.newKeyId,
      label: `YiKey renewal ${record.createdAt.slice(0, 10)}`,
    });
    const spki = subjectPublicKeyInfo(publicKey);
    const old = AsnConvert.parse(fromBase64(record.oldCertificate), Certificate).tbsCertificate;
    const request = await buildCertReqMsg({
      subjectDer: record.requestedSubject
        ? fromBase64(record.requestedSubject)
        : new Uint8Array(AsnSerializer.serialize(old.subject)),
      publicKeyDer: spki,
      oldCertificate: {
        issuerDer: new Uint8Array(AsnSerializer.serialize(old.issuer)),
        serialNumber: new Uint8Array(old.serialNumber),
      },
      newKeySigner: tokenProtectionSigner(this.deps.host, {
        slotId,
        keyId: record.newKeyId,
        keyAlgorithm: record.keyAlgorithm,
        publicKeySpki: spki,
      }),
    });
    const message = await this.protect(
      record,
      slotId,
      enrollmentBody(record.kind === 'change' ? 'cr' : 'kur', request),
      fromHex(record.senderNonce),
    );
    return this.save(record, 'request-ready', {
      requestMessage: base64(message),
      newPublicKey: base64(spki),
    });
  }

  private async sendRequest(record: RequestRecord): Promise<RequestRecord> {
    const answer = await this.exchange(record, fromBase64(record.requestMessage!), [answerKindOf(record)]);
    return this.takeEnrollmentAnswer(record, answer);
  }

  private async poll(record: RequestRecord, options: AdvanceOptions): Promise<RequestRecord> {
    const polled = await this.sendPoll(record, options, ['pollRep', answerKindOf(record)]);
    return polled ? this.takeEnrollmentAnswer(polled.record, polled.answer) : record;
  }

  /**
   * A pollReq once it is due (waiting for it within options' limit), for enrolments and
   * revocations alike; null while it is not due yet.
   */
  protected async sendPoll(
    record: RequestRecord,
    options: AdvanceOptions,
    answerKinds: DecodedMessage['kind'][],
  ): Promise<{ record: RequestRecord; answer: DecodedMessage } | null> {
    const waitMs = Date.parse(record.nextPollAt ?? '') - this.clock().getTime();
    if (waitMs > 0) {
      if (!this.pollDue(record, options)) return null;
      await this.sleep(waitMs);
    }
    const slotId = await this.slotOf(record);
    const nonce = randomBytes(16);
    // The nonce is journaled first: the answer to this pollReq must echo it.
    record = this.save(record, record.stage, { senderNonce: hex(nonce) });
    const message = await this.protect(record, slotId, pollRequestBody(), nonce);
    return { record, answer: await this.exchange(record, message, answerKinds) };
  }

  private takeEnrollmentAnswer(record: RequestRecord, answer: DecodedMessage): RequestRecord {
    const recipNonce = hex(new Uint8Array(answer.message.header.senderNonce ?? new ArrayBuffer(0)));
    const outcome = readEnrollmentAnswer(answer);
    if (outcome.kind === 'waiting') {
      const stage = readReviewStage(answer.message.header);
      return this.save(record, 'waiting', {
        recipNonce,
        nextPollAt: new Date(this.clock().getTime() + outcome.checkAfterSeconds * 1000).toISOString(),
        reviewStage: stage,
        statusText: outcome.statusText,
      });
    }
    return this.save(record, 'issued', {
      recipNonce,
      issuedCertificate: base64(outcome.certificateDer),
      statusText: outcome.statusText,
      candidates: [...outcome.caPubs, ...outcome.extraCerts],
    });
  }

  private async install(record: RequestRecord): Promise<RequestRecord> {
    const slotId = await this.slotOf(record);
    const certificateDer = fromBase64(record.issuedCertificate!);
    // The key's public half is read back from the token, not taken from the journal alone.
    const { publicKey } = await this.deps.host.call('readPublicKey', { slotId, keyId: record.newKeyId });
    await checkIssuedCertificate({
      certificateDer,
      newPublicKeySpki: subjectPublicKeyInfo(publicKey),
      // A re-issue replaces nothing on this key: the holder is the one the reference number names.
      oldCertificateDer: record.oldCertificate ? fromBase64(record.oldCertificate) : undefined,
      expectedSubjectDer: record.requestedSubject ? fromBase64(record.requestedSubject) : undefined,
      trustedDer: this.deps.trustedDer(),
      candidateDer: this.candidates.get(record.id) ?? [],
      at: this.clock(),
    });
    const tbs = AsnConvert.parse(certificateDer, Certificate).tbsCertificate;
    await this.deps.host.call('writeCertificate', {
      slotId,
      keyId: record.newKeyId,
      label: record.token.label ? `${record.token.label} ${record.createdAt.slice(0, 10)}` : 'YiKey',
      value: certificateDer,
      subject: new Uint8Array(AsnSerializer.serialize(tbs.subject)),
      issuer: new Uint8Array(AsnSerializer.serialize(tbs.issuer)),
      // CKA_SERIAL_NUMBER is the DER INTEGER, tag and length included (PKCS#11 §4.6.3).
      serialNumber: new Uint8Array(new asn1js.Integer({ valueHex: tbs.serialNumber }).toBER(false)),
    });
    const { certificates } = await this.deps.host.call('listObjects', { slotId });
    const written = certificates.find((object) => object.id === record.newKeyId);
    if (!written || !Buffer.from(written.value).equals(Buffer.from(certificateDer)))
      throw new YiKeyError(
        'operation-failed',
        'The certificate written to the USBKEY could not be read back',
      );
    return this.save(record, 'installed', {});
  }

  private async confirm(record: RequestRecord, rejectedBecause?: string): Promise<RequestRecord> {
    const slotId = await this.slotOf(record);
    const nonce = randomBytes(16);
    record = this.save(record, record.stage, { senderNonce: hex(nonce) });
    const body = certConfirmBody({ certificateDer: fromBase64(record.issuedCertificate!), rejectedBecause });
    const message = await this.protect(record, slotId, body, nonce);
    await this.exchange(record, message, ['pkiconf']);
    return rejectedBecause ? record : this.save(record, 'confirmed', {});
  }

  protected async retireOldKey(record: RequestRecord): Promise<RequestRecord> {
    const slotId = await this.slotOf(record);
    await this.deps.host.call('deleteKeyObjects', { slotId, keyId: record.oldKeyId });
    return this.save(record, 'completed', {});
  }

  protected async afterFailure(record: RequestRecord, error: unknown): Promise<RequestRecord> {
    const at = this.clock().toISOString();
    if (error instanceof CmpError && error.code === 'cmp-rejected') {
      await this.dropNewKey(record);
      return this.save(record, 'rejected', {
        statusText: error.peerText,
        lastError: { code: 'request-rejected', message: error.message, at },
      });
    }
    if (error instanceof CmpError && error.code === 'cmp-certificate-mismatch') {
      // Tell the CA we did not accept it (certConf with rejection), keep the current key.
      await this.confirm(record, error.message).catch(() => undefined);
      await this.dropNewKey(record);
      return this.save(record, 'failed', {
        lastError: { code: 'issued-certificate-invalid', message: error.message, at },
      });
    }
    const code =
      error instanceof CmpError
        ? untrustedAnswerCodes.has(error.code)
          ? 'backend-answer-invalid'
          : 'backend-unreachable'
        : YiKeyError.from(error).code;
    const message = error instanceof Error ? error.message : String(error);
    return this.save(record, record.stage, { lastError: { code, message, at } });
  }

  protected async dropNewKey(record: RequestRecord): Promise<void> {
    // A revocation has no new key (newKeyId empty).
    if (record.stage === 'installed' || record.stage === 'confirmed' || !record.newKeyId) return;
    try {
      const slotId = await this.slotOf(record);
      await this.deps.host.call('deleteKeyObjects', { slotId, keyId: record.newKeyId });
    } catch {
      // Not inserted or not logged in: an unused key pair stays; it signs nothing.
    }
  }

  protected pollDue(record: RequestRecord, options: AdvanceOptions): boolean {
    const waitMs = Date.parse(record.nextPollAt ?? '') - this.clock().getTime();
    return !(waitMs > 0) || waitMs <= (options.waitUpToSeconds ?? 0) * 1000;
  }

  protected async protect(
    record: RequestRecord,
    slotId: string,
    body: PkiBody,
    senderNonce: Uint8Array,
  ): Promise<Uint8Array> {
    const oldDer = fromBase64(record.oldCertificate);
    const old = AsnConvert.parse(oldDer, Certificate).tbsCertificate;
    const header = buildHeader({
      senderNameDer: new Uint8Array(AsnSerializer.serialize(old.subject)),
      recipientNameDer: new Uint8Array(AsnSerializer.serialize(old.issuer)),
      transactionID: fromHex(record.transactionId),
      senderNonce,
      recipNonce: record.recipNonce ? fromHex(record.recipNonce) : undefined,
      senderKID: subjectKeyIdentifier(old),
      messageTime: this.clock(),
    });
    const signer = tokenProtectionSigner(this.deps.host, {
      slotId,
      keyId: record.oldKeyId,
      keyAlgorithm: record.keyAlgorithm,
      publicKeySpki: new Uint8Array(AsnSerializer.serialize(old.subjectPublicKeyInfo)),
    });
    return encodePkiMessage(await signMessage(header, body, signer, [oldDer]));
  }

  protected async exchange(
    record: RequestRecord,
    message: Uint8Array,
    kinds: DecodedMessage['kind'][],
  ): Promise<DecodedMessage> {
    const endpoint = this.deps.endpoint();
    const answer = await postCmp(endpoint, message);
    return checkAnswer(answer, {
      transactionID: fromHex(record.transactionId),
      senderNonce: fromHex(record.senderNonce),
      kinds,
      protection: { kind: 'signature', trustedDer: this.deps.trustedDer(), at: this.clock() },
      maxBytes: endpoint.maxResponseBytes,
    });
  }

  protected async slotOf(record: RequestRecord): Promise<string> {
    return slotOfJournaledToken(this.deps.host, record.token);
  }

  /** Intermediates the answer carried, kept for the install step of this run only. */
  private readonly candidates = new Map<string, Uint8Array[]>();

  protected save(
    record: RequestRecord,
    stage: RequestStage,
    changes: Partial<RequestRecord> & { candidates?: Uint8Array[] },
  ): RequestRecord {
    const { candidates, ...fields } = changes;
    if (candidates) this.candidates.set(record.id, candidates);
    const at = this.clock().toISOString();
    const next: RequestRecord = {
      ...record,
      ...fields,
      stage,
      updatedAt: at,
      lastError:
        'lastError' in fields ? fields.lastError : stage === record.stage ? record.lastError : undefined,
      history: stage === record.stage ? record.history : [...record.history, { stage, at }],
    };
    this.deps.journal.save(next);
    return next;
  }
}

/** ir is answered with ip, cr with cp, kur with kup (RFC 4210 §5.3.4). */
function answerKindOf(record: RequestRecord): 'ip' | 'cp' | 'kup' {
  return record.kind === 'reissue' ? 'ip' : record.kind === 'change' ? 'cp' : 'kup';
}

function subjectKeyIdentifier(tbs: Certificate['tbsCertificate']): Uint8Array | undefined {
  const extension = tbs.extensions?.find((item) => item.extnID === '2.5.29.14');
  if (!extension) return undefined;
  // SubjectKeyIdentifier ::= OCTET STRING inside extnValue.
  const inner = new Uint8Array(extension.extnValue.buffer);
  return inner[0] === 0x04 && inner[1] === inner.length - 2 ? inner.subarray(2) : undefined;
}
