// The EMR bridge's wire protocol v1 (docs/bridge.md): JSON-RPC 2.0 over a loopback WebSocket,
// between a hospital's web page and YiKey. One zod schema per wire shape; the types are derived
// from them. The bridge service validates every frame with these; the SDK mirrors the types
// (it must not ship zod to the browser).
// Pure module: zod only.
import { z } from 'zod';
import { bridgeErrorCodes, bridgeProtocol, defaultBridgePort } from './bridge-constants';

export { bridgeErrorCodes, bridgeProtocol, defaultBridgePort };

/** Limits of the protocol, enforced by the service before anything reaches the key. */
export const bridgeLimits = {
  /** Largest message once the origin is approved (a batch of records). */
  approvedMessageBytes: 8 * 1024 * 1024,
  /** Largest message before the origin is approved: room for yikey.hello and nothing else. */
  unapprovedMessageBytes: 4 * 1024,
  connectionsTotal: 16,
  connectionsPerOrigin: 4,
  requestsPerMinutePerOrigin: 120,
  batchItems: 500,
  /** How long the holder has to decide on a first contact or a consent. */
  decisionTimeoutMs: 2 * 60 * 1000,
} as const;

// ---------------------------------------------------------------------------------------------
// Primitives

/** A JSON-RPC id: a bounded string or a safe integer (null only in errors for unreadable requests). */
export const bridgeRequestIdSchema = z.union([z.string().max(64), z.number().int().safe()]);
export type BridgeRequestId = z.infer<typeof bridgeRequestIdSchema>;

const base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const isoTimeSchema = z.string().datetime({ offset: true });
const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (SHA-256)');

/** A certificate on the bridge is named by the SHA-256 of its DER, lowercase hex. */
export const bridgeCertificateIdSchema = sha256HexSchema;

/**
 * Text shown to the holder in the consent. Control characters and Unicode direction overrides
 * are refused: they could make the consent read differently from what is signed.
 */
const displayTextPattern = /^[^\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/u;
const displayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(displayTextPattern, 'must not contain control or text-direction characters');

/** The clinical context the EMR sends with each record; shown in the consent, kept in the log. */
export const clinicalSummarySchema = z
  .object({
    patient: displayText(100),
    recordType: displayText(100),
    title: displayText(200),
    documentId: displayText(128),
  })
  .strict();
export type ClinicalSummary = z.infer<typeof clinicalSummarySchema>;

/** A record's content: UTF-8 text or base64 bytes, exactly one. */
const contentFields = {
  content: z.string().max(bridgeLimits.approvedMessageBytes).optional(),
  contentBase64: base64Schema.max(bridgeLimits.approvedMessageBytes).optional(),
};
const exactlyOneContent = (value: { content?: string; contentBase64?: string }) =>
  (value.content === undefined) !== (value.contentBase64 === undefined);
const exactlyOneContentMessage = { message: 'exactly one of content and contentBase64 is required' };

// ---------------------------------------------------------------------------------------------
// Method params and results

const emptyParamsSchema = z.object({}).strict();

export const helloParamsSchema = emptyParamsSchema;
export const helloResultSchema = z.object({
  protocol: z.literal(bridgeProtocol),
  appVersion: z.string(),
  capabilities: z.array(z.string()),
  keyPresent: z.boolean(),
});
export type HelloResult = z.infer<typeof helloResultSchema>;

export const certsListParamsSchema = emptyParamsSchema;
export const bridgeCertificateSchema = z.object({
  id: bridgeCertificateIdSchema,
  certificate: base64Schema,
  subject: z.string(),
  unit: z.string().optional(),
  serialNumber: z.string().regex(/^[0-9a-f]+$/),
  notBefore: isoTimeSchema,
  notAfter: isoTimeSchema,
  status: z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']),
  keyLabel: z.string(),
  algorithm: z.enum(['RSA', 'EC', 'SM2']),
});
export type BridgeCertificate = z.infer<typeof bridgeCertificateSchema>;
export const certsListResultSchema = z.object({ certificates: z.array(bridgeCertificateSchema) });
export type CertsListResult = z.infer<typeof certsListResultSchema>;

/** 32..128 random bytes from the EMR server, base64url without padding. */
export const loginNonceSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding')
  .refine((nonce) => {
    const bytes = Math.floor((nonce.length * 3) / 4);
    return nonce.length % 4 !== 1 && bytes >= 32 && bytes <= 128;
  }, 'must decode to 32..128 bytes');

export const authLoginParamsSchema = z
  .object({ nonce: loginNonceSchema, certificateId: bridgeCertificateIdSchema.optional() })
  .strict();
export type AuthLoginParams = z.infer<typeof authLoginParamsSchema>;
export const authLoginResultSchema = z.object({
  certificate: base64Schema,
  /** base64 of the exact UTF-8 bytes of authChallengeJson(...). */
  content: base64Schema,
  signature: base64Schema,
});
export type AuthLoginResult = z.infer<typeof authLoginResultSchema>;

/** What auth.login signs: the page's origin, the server's nonce and the time, as exact JSON. */
export const authChallengeSchema = z
  .object({
    type: z.literal('yikey-auth'),
    version: z.literal(1),
    origin: z.string(),
    nonce: loginNonceSchema,
    time: isoTimeSchema,
  })
  .strict();
export type AuthChallenge = z.infer<typeof authChallengeSchema>;

/** The signed text, key order fixed: the verifier parses these bytes, it never rebuilds them. */
export function authChallengeJson(origin: string, nonce: string, time: Date): string {
  const challenge: AuthChallenge = {
    type: 'yikey-auth',
    version: 1,
    origin,
    nonce,
    time: time.toISOString(),
  };
  return JSON.stringify(challenge);
}

export const signContentParamsSchema = z
  .object({
    ...contentFields,
    summary: clinicalSummarySchema,
    certificateId: bridgeCertificateIdSchema.optional(),
  })
  .strict()
  .refine(exactlyOneContent, exactlyOneContentMessage);
export type SignContentParams = z.infer<typeof signContentParamsSchema>;

export const signDigestParamsSchema = z
  .object({
    digest: sha256HexSchema,
    /** 'sm3' for an SM2 certificate, 'sha256' (the default) for RSA and ECDSA. */
    digestAlgorithm: z.enum(['sha256', 'sm3']).optional(),
    summary: clinicalSummarySchema,
    certificateId: bridgeCertificateIdSchema.optional(),
  })
  .strict();
export type SignDigestParams = z.infer<typeof signDigestParamsSchema>;

export const signatureResultSchema = z.object({
  /** base64 DER CMS SignedData, detached CAdES-BES. */
  signature: base64Schema,
  /** SHA-256 of the signed bytes, lowercase hex. */
  digest: sha256HexSchema,
  certificate: base64Schema,
  signedAt: isoTimeSchema,
});
export type SignatureResult = z.infer<typeof signatureResultSchema>;
export const signContentResultSchema = signatureResultSchema;
export const signDigestResultSchema = signatureResultSchema;

export const batchItemSchema = z
  .object({ ...contentFields, summary: clinicalSummarySchema })
  .strict()
  .refine(exactlyOneContent, exactlyOneContentMessage);
export type BatchItem = z.infer<typeof batchItemSchema>;

export const signBatchParamsSchema = z
  .object({
    items: z.array(batchItemSchema).min(1).max(bridgeLimits.batchItems),
    certificateId: bridgeCertificateIdSchema.optional(),
  })
  .strict();
export type SignBatchParams = z.infer<typeof signBatchParamsSchema>;

// ---------------------------------------------------------------------------------------------
// Errors

export const bridgeErrorCodeSchema = z.enum(bridgeErrorCodes);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCodeSchema>;

export const jsonRpcErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  application: -32000,
} as const;

export const bridgeErrorDataSchema = z.object({ code: bridgeErrorCodeSchema });
export const bridgeErrorSchema = z.object({
  code: z.number().int(),
  /** Chinese first, then English in parentheses; plain words, for people. */
  message: z.string(),
  data: bridgeErrorDataSchema.optional(),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

/** One record's outcome in a batch: its signature, or why it was not signed. */
export const batchItemResultSchema = z.discriminatedUnion('ok', [
  z.object({ documentId: z.string(), ok: z.literal(true), signature: base64Schema, digest: sha256HexSchema }),
  z.object({
    documentId: z.string(),
    ok: z.literal(false),
    error: z.object({ code: bridgeErrorCodeSchema, message: z.string() }),
  }),
]);
export type BatchItemResult = z.infer<typeof batchItemResultSchema>;
export const signBatchResultSchema = z.object({
  results: z.array(batchItemResultSchema),
  /** The signing certificate (base64 DER), once for the whole batch. Additive to the protocol. */
  certificate: base64Schema.optional(),
  signedAt: isoTimeSchema.optional(),
});
export type SignBatchResult = z.infer<typeof signBatchResultSchema>;

// ---------------------------------------------------------------------------------------------
// The method table: one entry per method, params and result.

export const bridgeMethods = {
  'yikey.hello': { params: helloParamsSchema, result: helloResultSchema },
  'certs.list': { params: certsListParamsSchema, result: certsListResultSchema },
  'auth.login': { params: authLoginParamsSchema, result: authLoginResultSchema },
  'sign.content': { params: signContentParamsSchema, result: signContentResultSchema },
  'sign.digest': { params: signDigestParamsSchema, result: signDigestResultSchema },
  'sign.batch': { params: signBatchParamsSchema, result: signBatchResultSchema },
} as const;
export type BridgeMethod = keyof typeof bridgeMethods;
export const bridgeMethodNames = Object.keys(bridgeMethods) as BridgeMethod[];
export type BridgeParams<M extends BridgeMethod> = z.infer<(typeof bridgeMethods)[M]['params']>;
export type BridgeResult<M extends BridgeMethod> = z.infer<(typeof bridgeMethods)[M]['result']>;

export function isBridgeMethod(name: string): name is BridgeMethod {
  return Object.hasOwn(bridgeMethods, name);
}

// ---------------------------------------------------------------------------------------------
// Notifications (YiKey → page, no id; sent only to approved origins)

export const emptyNotificationParamsSchema = z.object({});
export const signProgressParamsSchema = z.object({
  requestId: bridgeRequestIdSchema,
  done: z.number().int().min(0),
  total: z.number().int().min(1),
});
export type SignProgressParams = z.infer<typeof signProgressParamsSchema>;

export const bridgeNotifications = {
  'key.inserted': emptyNotificationParamsSchema,
  'key.removed': emptyNotificationParamsSchema,
  'session.locked': emptyNotificationParamsSchema,
  'sign.progress': signProgressParamsSchema,
} as const;
export type BridgeNotificationName = keyof typeof bridgeNotifications;

// ---------------------------------------------------------------------------------------------
// JSON-RPC 2.0 envelopes

/** A request as a page sends it. Params stay unknown here: each method's schema checks them. */
export const jsonRpcRequestSchema = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: bridgeRequestIdSchema,
    method: z.string().max(64),
    params: z.unknown().optional(),
  })
  .strict();
export type JsonRpcRequest = z.infer<typeof jsonRpcRequestSchema>;

export const jsonRpcSuccessSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: bridgeRequestIdSchema,
  result: z.unknown(),
});
export type JsonRpcSuccess = z.infer<typeof jsonRpcSuccessSchema>;

export const jsonRpcErrorResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: bridgeRequestIdSchema.nullable(),
  error: bridgeErrorSchema,
});
export type JsonRpcErrorResponse = z.infer<typeof jsonRpcErrorResponseSchema>;

export const jsonRpcNotificationSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.enum(Object.keys(bridgeNotifications) as [BridgeNotificationName, ...BridgeNotificationName[]]),
  params: z.unknown(),
});
export type JsonRpcNotification = z.infer<typeof jsonRpcNotificationSchema>;

/** Anything YiKey sends to a page. */
export const bridgeServerMessageSchema = z.union([
  jsonRpcSuccessSchema,
  jsonRpcErrorResponseSchema,
  jsonRpcNotificationSchema,
]);
export type BridgeServerMessage = z.infer<typeof bridgeServerMessageSchema>;

// ---------------------------------------------------------------------------------------------
// PIN-like fields: a page can never send a PIN, whatever the method.

const pinLikeKey =
  /^(so|user|new|old|current)?pin(code)?$|password|passwd|passcode|passphrase|^pwd$|口令|密码/;

/** True when any key at any depth of the value names a PIN or password. */
export function containsPinLikeField(value: unknown, depth = 0): boolean {
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsPinLikeField(item, depth + 1));
  for (const [key, inner] of Object.entries(value)) {
    if (pinLikeKey.test(key.replace(/[-_\s]/g, '').toLowerCase())) return true;
    if (containsPinLikeField(inner, depth + 1)) return true;
  }
  return false;
}
