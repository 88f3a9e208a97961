// What the holder's window sees of the EMR bridge (renderer ↔ main): a page's first contact to
// approve, a login or signature to consent to, and the bridge's state for the settings
// (已授权的网站). Declared once; the bridge service builds these views, the renderer shows them.
// Pure module: zod only.
import { z } from 'zod';
import { webOriginSchema } from './admin-policy';
import { clinicalSummarySchema } from './bridge-wire';
import { slotIdSchema } from './wire-primitives';

export const bridgeRequestIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

/** The certificate that will sign, as the holder recognises it. */
export const consentCertificateSchema = z.object({
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  serialNumber: z.string(),
  sha256Fingerprint: z.string(),
  notAfter: z.string(),
  status: z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']),
});
export type ConsentCertificate = z.infer<typeof consentCertificateSchema>;

/** One record in a consent: what the EMR says it is, what it holds, and its SHA-256. */
export const consentItemSchema = z.object({
  summary: clinicalSummarySchema,
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** 'sm3' when the page sent an SM3 digest for an SM2 key; absent means SHA-256. */
  digestAlgorithm: z.enum(['sha256', 'sm3']).optional(),
  /** sign.digest: the page sent only the hash (仅摘要); YiKey never saw the content. */
  digestOnly: z.boolean(),
  /** The start of the text, for reading; null for bytes that are not UTF-8 text, and for digests. */
  excerpt: z.string().nullable(),
  /** True when the excerpt is only the start of a longer text. */
  excerptTruncated: z.boolean(),
  byteLength: z.number().int().min(0).nullable(),
});
export type ConsentItem = z.infer<typeof consentItemSchema>;

const requestBase = {
  requestId: bridgeRequestIdSchema,
  origin: webOriginSchema,
  /** When YiKey answers the page consent-timeout by itself. */
  expiresAt: z.string(),
};

/** Who signs and whether the holder must type the PIN first (in YiKey, never in the page). */
const signerFields = {
  certificate: consentCertificateSchema,
  slotId: slotIdSchema,
  needsLogin: z.boolean(),
  pinPad: z.boolean(),
};

export const bridgeRequestViewSchema = z.discriminatedUnion('kind', [
  /** A website YiKey does not know asks to use the bridge. */
  z.object({ kind: z.literal('first-contact'), ...requestBase }),
  /** auth.login: log in to the website with the certificate. */
  z.object({ kind: z.literal('login'), ...requestBase, ...signerFields }),
  /** sign.content, sign.digest (one item) or sign.batch (one or more). */
  z.object({
    kind: z.literal('sign'),
    ...requestBase,
    ...signerFields,
    batch: z.boolean(),
    items: z.array(consentItemSchema).min(1),
  }),
]);
export type BridgeRequestView = z.infer<typeof bridgeRequestViewSchema>;

/** How a request ended, for the window to close its dialog and say why. */
export const bridgeRequestOutcomeSchema = z.enum([
  'approved',
  'refused',
  'timeout',
  'key-removed',
  'page-gone',
  'locked',
]);
export type BridgeRequestOutcome = z.infer<typeof bridgeRequestOutcomeSchema>;

export const bridgeApprovalViewSchema = z.object({
  origin: webOriginSchema,
  /** holder: approved in this window (revocable); policy: set by hospital IT (read-only). */
  source: z.enum(['holder', 'policy']),
  approvedAt: z.string().nullable(),
});
export type BridgeApprovalView = z.infer<typeof bridgeApprovalViewSchema>;

export const bridgeStatusSchema = z.object({
  /** ws://127.0.0.1:PORT/ while listening; null when off or the port could not be opened. */
  address: z.string().nullable(),
  port: z.number().int().min(0).max(65535),
  /** Why it is not listening: not started (e.g. the CLI), turned off by IT's policy, or the port was taken. */
  problem: z.enum(['not-running', 'disabled-by-policy', 'port-in-use', 'listen-failed']).nullable(),
  approvals: z.array(bridgeApprovalViewSchema),
  /** keychain: approvals are kept, sealed with a key in the OS keychain; this-run: forgotten on exit. */
  approvalsStorage: z.enum(['keychain', 'this-run']),
  /** The approvals file was changed outside YiKey (or unreadable) and was ignored. */
  approvalsWarning: z.enum(['tampered', 'unreadable']).nullable(),
  pending: z.array(bridgeRequestViewSchema),
});
export type BridgeStatus = z.infer<typeof bridgeStatusSchema>;
