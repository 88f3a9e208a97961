// The bridge's wire shapes as plain TypeScript types, for EMR pages (docs/bridge.md).
// The service validates the same shapes with zod (src-main/contract/bridge-wire.ts); the SDK
// mirrors them as types only so no schema library lands in a hospital page's bundle.
// test/unit/bridge-sdk/wire-types-match.test.ts fails when the two drift apart; the protocol's
// plain constants are not mirrored but shared (contract/bridge-constants.ts).

export { bridgeProtocol } from '../contract/bridge-constants';

/** Clinical context shown to the holder in YiKey's consent window. */
export interface SignSummary {
  /** The patient's name (and, if the EMR wishes, an identifier). */
  patient: string;
  /** E.g. 病程记录, 出院小结. */
  recordType: string;
  title: string;
  /** The EMR's own document id; batch results are keyed by it. */
  documentId: string;
}

export interface HelloResult {
  protocol: string;
  appVersion: string;
  /** Method names the service offers. */
  capabilities: string[];
  keyPresent: boolean;
}

export type CertificateStatus = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

export interface BridgeCertificate {
  /** SHA-256 of the certificate's DER, lowercase hex. */
  id: string;
  /** Base64 DER. */
  certificate: string;
  subject: string;
  unit?: string;
  /** Lowercase hex. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  keyLabel: string;
  algorithm: 'RSA' | 'EC' | 'SM2';
}

export interface LoginAnswer {
  /** Base64 DER of the signing certificate. */
  certificate: string;
  /** Base64 of the exact UTF-8 bytes of the signed login structure (LoginContent). */
  content: string;
  /** Base64 DER CMS SignedData, detached CAdES-BES over the bytes of `content`. */
  signature: string;
}

/** What `content` decodes to; the EMR server checks it with the verifier. */
export interface LoginContent {
  type: 'yikey-auth';
  version: 1;
  origin: string;
  nonce: string;
  time: string;
}

/** Exactly one of content (UTF-8 text) and contentBase64 (bytes). */
export type SignContent =
  { content: string; contentBase64?: never } | { contentBase64: string; content?: never };

export type SignContentParams = SignContent & { summary: SignSummary; certificateId?: string };

export interface SignDigestParams {
  /** SHA-256 (or SM3 for an SM2 certificate), 64 lowercase hex digits. */
  digest: string;
  /** 'sm3' for an SM2 certificate; 'sha256' (the default) for RSA and ECDSA. */
  digestAlgorithm?: 'sha256' | 'sm3';
  summary: SignSummary;
  certificateId?: string;
}

export interface SignResult {
  /** Base64 DER CMS SignedData, detached CAdES-BES. */
  signature: string;
  /** SHA-256 hex of the signed bytes. */
  digest: string;
  certificate: string;
  signedAt: string;
}

export type BatchItem = SignContent & { summary: SignSummary };

export interface SignBatchParams {
  items: BatchItem[];
  certificateId?: string;
}

export type BatchItemResult =
  | { documentId: string; ok: true; signature: string; digest: string }
  | { documentId: string; ok: false; error: { code: string; message: string } };

export interface SignBatchResult {
  results: BatchItemResult[];
  /** The signing certificate (base64 DER), once for the whole batch. */
  certificate?: string;
  signedAt?: string;
}

export interface SignProgress {
  requestId: number | string;
  done: number;
  total: number;
}

/** Params → result of every method, as the page calls them. */
export interface BridgeMethods {
  'yikey.hello': { params: Record<string, never>; result: HelloResult };
  'certs.list': { params: Record<string, never>; result: { certificates: BridgeCertificate[] } };
  'auth.login': { params: { nonce: string; certificateId?: string }; result: LoginAnswer };
  'sign.content': { params: SignContentParams; result: SignResult };
  'sign.digest': { params: SignDigestParams; result: SignResult };
  'sign.batch': { params: SignBatchParams; result: SignBatchResult };
}

export type BridgeMethod = keyof BridgeMethods;

/** Notifications YiKey pushes to approved pages (no JSON-RPC id). */
export interface BridgeNotifications {
  'key.inserted': Record<string, never>;
  'key.removed': Record<string, never>;
  'session.locked': Record<string, never>;
  'sign.progress': SignProgress;
}

/** JSON-RPC 2.0 application error (code -32000) data. */
export interface BridgeErrorData {
  code: string;
}
