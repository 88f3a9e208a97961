// The bridge's methods (docs/bridge.md), over the holder façade: what an approved website may
// ask, and the holder's consent in YiKey's window before every login or signature. Each request
// that needs the holder takes the origin's one consent slot (a second gets busy) until it is
// answered and signed. Nothing here sees a socket: bridge-server.ts and rpc-connection.ts do.
import { createHash } from 'node:crypto';
import type { ConsentCertificate } from '../contract/bridge-consent';
import {
  authChallengeJson,
  bridgeMethodNames,
  bridgeProtocol,
  type BatchItemResult,
  type BridgeCertificate,
  type BridgeMethod,
  type BridgeParams,
  type BridgeRequestId,
  type BridgeResult,
  type SignProgressParams,
} from '../contract/bridge-wire';
import { bridgeErrorMessage, digestAlgorithmMismatchMessage } from '../contract/bridge-error-messages';
import type { CertificateEntry } from '../holder/certificate-entry';
import type { HolderPort } from '../holder-api/holder-port';
import { BridgeFailure, bridgeCodeOf } from './bridge-failure';
import type { ConsentBroker } from './consent-broker';
import { consentItem, recordFromContent, recordFromDigest, type RecordToSign } from './consent-items';
import type { OriginApprovals } from './origin-approvals';
import type { SignatureLog, SignatureLogEntry } from './signature-log';

export interface CallContext {
  origin: string;
  requestId: BridgeRequestId;
  /** Aborted when the page's connection closes: its questions to the holder end. */
  pageGone: AbortSignal;
  progress(params: SignProgressParams): void;
}

export interface BridgeServiceOptions {
  holder: HolderPort;
  broker: ConsentBroker;
  approvals: OriginApprovals;
  log: SignatureLog;
  appVersion: string;
  /** The holder approved a first contact: that origin's connections may now send full-size requests. */
  onApproved(origin: string): void;
  clock?: () => Date;
}

type Handler<M extends BridgeMethod> = (
  params: BridgeParams<M>,
  call: CallContext,
) => Promise<BridgeResult<M>>;
export type BridgeHandlers = { [M in BridgeMethod]: Handler<M> };

/** A refused first contact is not asked again for this long (no pop-up storms from one site). */
const refusedQuietMs = 10 * 60 * 1000;
const singleExcerptChars = 1_000;
const batchExcerptChars = 200;

type ReadableEntry = CertificateEntry & { readable: true };

const signingUsages = ['digitalSignature', 'nonRepudiation'];

function consentCertificate(entry: ReadableEntry): ConsentCertificate {
  const { certificate } = entry;
  return {
    commonName: certificate.subject.commonName,
    organization: certificate.subject.organization,
    serialNumber: certificate.serialNumber,
    sha256Fingerprint: certificate.sha256Fingerprint,
    notAfter: certificate.notAfter,
    status: certificate.status,
  };
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const certificateId = (fingerprint: string): string => fingerprint.replace(/:/g, '').toLowerCase();

export function createBridgeService(options: BridgeServiceOptions): BridgeHandlers & {
  /** Origins with a question or a signature in progress: one at a time per origin. */
  busyOrigins: ReadonlySet<string>;
} {
  const { holder, broker, approvals, log } = options;
  const clock = options.clock ?? (() => new Date());
  const busyOrigins = new Set<string>();
  const refusedUntil = new Map<string, number>();

  async function withConsentSlot<T>(origin: string, work: () => Promise<T>): Promise<T> {
    if (busyOrigins.has(origin)) throw new BridgeFailure('busy');
    busyOrigins.add(origin);
    try {
      return await work();
    } finally {
      busyOrigins.delete(origin);
    }
  }

  async function keyPresent(): Promise<boolean> {
    return holder.listTokens().then(
      (tokens) => tokens.length > 0,
      () => false,
    );
  }

  /** The certificate that will sign and its key, checked before the holder is asked anything. */
  async function prepareSigner(wanted: string | undefined) {
    // From the façade's cached listing (events and logins refresh it): no extra token round trip.
    const { signer, der, token } = await holder.signingCertificateFor(wanted);
    if (token.pin.locked) throw new BridgeFailure('pin-locked');
    return {
      signer,
      der,
      signerFields: {
        certificate: consentCertificate(signer),
        slotId: signer.slotId,
        needsLogin: !token.loggedIn,
        pinPad: token.pin.pinPad,
      },
    };
  }

  function failureFor(outcome: Awaited<ReturnType<ConsentBroker['ask']>>): BridgeFailure | null {
    switch (outcome) {
      case 'approved':
        return null;
      case 'timeout':
        return new BridgeFailure('consent-timeout');
      case 'key-removed':
        return new BridgeFailure('key-removed');
      default:
        return new BridgeFailure('user-cancelled');
    }
  }

  async function record(entries: SignatureLogEntry[]): Promise<void> {
    // A signature that is not in the log never leaves YiKey.
    try {
      await log.appendAll(entries);
    } catch {
      throw new BridgeFailure('internal', 'the signature log could not be written');
    }
  }

  /** Consent, then signatures: one question, one PIN (typed in YiKey), one outcome per record. */
  async function consentAndSign(
    call: CallContext,
    method: SignatureLogEntry['method'],
    records: RecordToSign[],
    wanted: string | undefined,
  ) {
    return withConsentSlot(call.origin, async () => {
      const { signer, der, signerFields } = await prepareSigner(wanted);
      const { keyAlgorithm } = signer.certificate;
      const keyDigest = keyAlgorithm === 'SM2' ? 'sm3' : 'sha256';
      // Refused before the holder is asked: a digest of the wrong kind could never verify.
      if (records.some((entry) => entry.bytes === null && entry.digestAlgorithm !== keyDigest))
        throw new BridgeFailure(
          'invalid-params',
          'digest algorithm does not fit the key',
          digestAlgorithmMismatchMessage(keyAlgorithm),
        );
      const batch = method === 'sign.batch';
      const outcome = await broker.ask(
        {
          kind: 'sign',
          origin: call.origin,
          ...signerFields,
          batch,
          items: records.map((entry) => consentItem(entry, batch ? batchExcerptChars : singleExcerptChars)),
        },
        call.pageGone,
      );
      const failure = failureFor(outcome);
      if (failure) throw failure;
      const total = records.length;
      const signed = await holder.signEach({
        // The content itself when the page sent it: the CMS hashes it with the key's own digest
        // (SM3 for SM2); entry.digest stays the SHA-256 the holder saw.
        records: records.map((entry) =>
          entry.bytes
            ? { content: entry.bytes }
            : { digest: entry.digest, digestAlgorithm: entry.digestAlgorithm },
        ),
        certificateFingerprint: signer.certificate.sha256Fingerprint,
        ...(batch
          ? { onSettled: (done: number) => call.progress({ requestId: call.requestId, done, total }) }
          : {}),
      });
      const signedAt = signed.signingTime.toISOString();
      // Once the key is gone, every record after it failed for that reason, whatever the token
      // said next (not logged in, no such slot): the page hears key-removed for each.
      const keyLeft = signed.outcomes.some((result) => !result.ok && result.error.code === 'token-removed');
      const outcomes = keyLeft
        ? signed.outcomes.map((result) =>
            result.ok ? result : { ok: false as const, error: new BridgeFailure('key-removed') },
          )
        : signed.outcomes;
      await record(
        outcomes.flatMap((result, index) =>
          result.ok
            ? [
                {
                  time: signedAt,
                  origin: call.origin,
                  method,
                  summary: records[index]!.summary,
                  digest: records[index]!.digest.toString('hex'),
                  certificateSerial: signed.signer.certificate.serialNumber,
                },
              ]
            : [],
        ),
      );
      return { outcomes, der, signedAt };
    });
  }

  async function signOne(
    call: CallContext,
    method: 'sign.content' | 'sign.digest',
    entry: RecordToSign,
    wanted?: string,
  ) {
    const { outcomes, der, signedAt } = await consentAndSign(call, method, [entry], wanted);
    const [outcome] = outcomes;
    if (!outcome?.ok) throw outcome?.error ?? new BridgeFailure('internal');
    return {
      signature: base64(outcome.signature),
      digest: entry.digest.toString('hex'),
      certificate: base64(der),
      signedAt,
    };
  }

  return {
    busyOrigins,

    async 'yikey.hello'(_params, call) {
      if (!approvals.isApproved(call.origin)) {
        if ((refusedUntil.get(call.origin) ?? 0) > Date.now()) throw new BridgeFailure('origin-not-approved');
        await withConsentSlot(call.origin, async () => {
          const outcome = await broker.ask({ kind: 'first-contact', origin: call.origin }, call.pageGone);
          if (outcome === 'refused') refusedUntil.set(call.origin, Date.now() + refusedQuietMs);
          const failure = failureFor(outcome);
          if (failure) throw failure;
          await approvals.approve(call.origin);
          options.onApproved(call.origin);
        });
      }
      return {
        protocol: bridgeProtocol,
        appVersion: options.appVersion,
        capabilities: [...bridgeMethodNames],
        keyPresent: await keyPresent(),
      };
    },

    async 'certs.list'() {
      const listing = await holder.listAll().catch(() => null);
      if (listing === null) return { certificates: [] };
      const signing = listing.certificates.filter(
        (entry): entry is ReadableEntry =>
          entry.readable &&
          entry.keyPairing !== 'missing' &&
          (entry.certificate.keyUsage === null ||
            entry.certificate.keyUsage.some((usage) => signingUsages.includes(usage))),
      );
      const certificates: BridgeCertificate[] = [];
      for (const entry of signing) {
        const { keyAlgorithm } = entry.certificate;
        if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'SM2') continue;
        const der = await holder.certificateDer(entry.certificate.sha256Fingerprint).catch(() => null);
        if (der === null) continue;
        const { subject } = entry.certificate;
        certificates.push({
          id: certificateId(entry.certificate.sha256Fingerprint),
          certificate: base64(der),
          subject: subject.commonName ?? subject.dn,
          ...(subject.organization ? { unit: subject.organization } : {}),
          serialNumber: entry.certificate.serialNumber.toLowerCase(),
          notBefore: entry.certificate.notBefore,
          notAfter: entry.certificate.notAfter,
          status: entry.certificate.status,
          keyLabel: entry.objectLabel,
          algorithm: keyAlgorithm,
        });
      }
      return { certificates };
    },

    async 'auth.login'(params, call) {
      // Exactly these bytes are signed and returned: the verifier parses them, never rebuilds them.
      const content = Buffer.from(authChallengeJson(call.origin, params.nonce, clock()), 'utf8');
      const digest = createHash('sha256').update(content).digest();
      return withConsentSlot(call.origin, async () => {
        const { signer, der, signerFields } = await prepareSigner(params.certificateId);
        const outcome = await broker.ask(
          { kind: 'login', origin: call.origin, ...signerFields },
          call.pageGone,
        );
        const failure = failureFor(outcome);
        if (failure) throw failure;
        const signed = await holder.signEach({
          records: [{ content }],
          certificateFingerprint: signer.certificate.sha256Fingerprint,
        });
        const [result] = signed.outcomes;
        if (!result?.ok) throw result?.error ?? new BridgeFailure('internal');
        await record([
          {
            time: signed.signingTime.toISOString(),
            origin: call.origin,
            method: 'auth.login',
            summary: null,
            digest: digest.toString('hex'),
            certificateSerial: signed.signer.certificate.serialNumber,
          },
        ]);
        return {
          certificate: base64(der),
          content: content.toString('base64'),
          signature: base64(result.signature),
        };
      });
    },

    'sign.content': (params, call) =>
      signOne(call, 'sign.content', recordFromContent(params, params.summary), params.certificateId),

    'sign.digest': (params, call) =>
      signOne(
        call,
        'sign.digest',
        recordFromDigest(params.digest, params.summary, params.digestAlgorithm),
        params.certificateId,
      ),

    async 'sign.batch'(params, call) {
      const records = params.items.map((item) => recordFromContent(item, item.summary));
      const { outcomes, der, signedAt } = await consentAndSign(
        call,
        'sign.batch',
        records,
        params.certificateId,
      );
      const results = outcomes.map((outcome, index): BatchItemResult => {
        const { documentId } = records[index]!.summary;
        if (outcome.ok)
          return {
            documentId,
            ok: true,
            signature: base64(outcome.signature),
            digest: records[index]!.digest.toString('hex'),
          };
        const code = bridgeCodeOf(outcome.error);
        return { documentId, ok: false, error: { code, message: bridgeErrorMessage(code) } };
      });
      return { results, certificate: base64(der), signedAt };
    },
  };
}
