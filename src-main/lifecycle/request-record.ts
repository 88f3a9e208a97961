// One lifecycle request as the journal keeps it on disk (request-journal.ts). Written BEFORE
// each step, so that whatever interrupts YiKey — kill -9, a USBKEY pulled out, the backend
// down — the next run knows exactly where it stands: which transaction, which nonces, which new
// key (by CKA_ID), and, once issued, the certificate itself, so it is never lost.
import { z } from 'zod';

const hex = z.string().regex(/^([0-9a-f]{2})*$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/**
 * key-pending: new CKA_ID chosen, key pair not yet known to exist.
 * request-ready: key pair exists; the protected kur is stored and may be (re)sent as is.
 * waiting: the backend accepted it for review; poll after nextPollAt.
 * issued: the certificate is in the journal, not yet on the key.
 * installed: on the key under the new CKA_ID, verified; certConf not yet acknowledged.
 * confirmed: pkiConf received (签收); the old key and certificate are still to be retired.
 * completed / rejected / withdrawn / failed: final. withdrawn: the holder took the request back
 * (撤回) while it waited; the backend confirmed it (docs/cmp-profile.md §Withdrawal).
 */
export const requestStageSchema = z.enum([
  'key-pending',
  'request-ready',
  'waiting',
  'issued',
  'installed',
  'confirmed',
  'completed',
  'rejected',
  'withdrawn',
  'failed',
]);
export type RequestStage = z.infer<typeof requestStageSchema>;

export const finalStages: readonly RequestStage[] = ['completed', 'rejected', 'withdrawn', 'failed'];

export const requestRecordSchema = z.object({
  version: z.literal(1),
  id: z.string().uuid(),
  /**
   * renew 续期 (kur), change 变更 (cr, requestedSubject), revoke 注销 (rr, revocationReason),
   * reissue 补办 (ir, MAC from the reference number and code; no old key or certificate: empty).
   */
  kind: z.enum(['renew', 'change', 'revoke', 'reissue']),
  stage: requestStageSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The key (by token serial, since slot ids change between runs) and what is renewed on it. */
  token: z.object({ serial: z.string(), label: z.string() }),
  oldKeyId: hex,
  oldCertificate: base64,
  oldCertificateFingerprint: z.string(),
  /** Empty for a revocation: it makes no key pair. */
  newKeyId: hex,
  /** change: DER Name the holder asked for (base64); the issued certificate must carry it. */
  requestedSubject: base64.optional(),
  /** revoke: the CRLReason asked for (revocation-reasons.ts). */
  revocationReason: z
    .enum(['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'])
    .optional(),
  /** reissue: the reference number of the authorisation code (its senderKID); the code is never here. */
  reference: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  keyAlgorithm: z.enum(['RSA', 'EC', 'SM2']),
  transactionId: hex,
  /** senderNonce of our latest message: the next answer must echo it. */
  senderNonce: hex,
  /** senderNonce of the backend's latest answer: our next message echoes it. */
  recipNonce: hex.optional(),
  /** DER of the protected kur, so a resend after a crash needs neither the key nor the PIN. */
  requestMessage: base64.optional(),
  newPublicKey: base64.optional(),
  issuedCertificate: base64.optional(),
  nextPollAt: z.string().optional(),
  /** While waiting: the review stage the backend named (submitted, unit-review, center-review, issuing). */
  reviewStage: z.string().max(40).optional(),
  /** What the backend last said (PKIFreeText: 单位审核中, a rejection reason, …). */
  statusText: z.array(z.string()).default([]),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
  history: z.array(z.object({ stage: requestStageSchema, at: z.string() })),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;
