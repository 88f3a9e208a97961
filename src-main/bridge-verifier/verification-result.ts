// What the verifier answers: either the checked facts, or one stable code saying what failed
// first (and the signature checker's own problem codes, for the EMR's log).
import type { CertificateDto } from '../certs/certificate-dto';

export const verificationFailureCodes = [
  /** The answer is not {certificate, content, signature} of base64 strings. */
  'malformed-answer',
  /** `content` is not the UTF-8 JSON of a YiKey login. */
  'malformed-content',
  'wrong-type',
  'unsupported-version',
  /** Signed for another web site: a phishing page relaying the login. */
  'origin-mismatch',
  /** Not the nonce this server issued for this login (replayed, or another session's). */
  'nonce-mismatch',
  /** The signed time is more than the allowed skew (5 min) from the server's clock. */
  'stale',
  /** The signature is not CMS SignedData of the expected form. */
  'signature-malformed',
  /** The signed bytes differ from the content or digest given. */
  'content-changed',
  /** The signature value, or a CAdES attribute it relies on, does not verify. */
  'signature-invalid',
  /** The signer's certificate is not the one the answer (or the EMR) names. */
  'certificate-mismatch',
  /** The signer does not chain to one of the trusted CAs. */
  'untrusted-certificate',
  'certificate-expired',
  'certificate-not-yet-valid',
] as const;

export type VerificationFailureCode = (typeof verificationFailureCodes)[number];

export interface VerificationFailure {
  ok: false;
  code: VerificationFailureCode;
  /** For the server's log, in English. */
  message: string;
  /** The CMS checker's problem codes, when it ran. */
  problems: string[];
}

export interface VerifiedSigner {
  /** Subject, issuer, serial, validity, SHA-256 fingerprint of the signer's certificate. */
  signer: CertificateDto;
  /** Base64 DER of the signer's certificate. */
  certificate: string;
}

export interface LoginVerified extends VerifiedSigner {
  ok: true;
  origin: string;
  /** The time YiKey signed, ISO-8601. */
  time: string;
}

export interface SignatureVerified extends VerifiedSigner {
  ok: true;
  /** The signer's claimed signing time (its PC's clock; not a trusted timestamp). */
  signingTime: string | null;
  /** SHA-256 of the signed bytes, lowercase hex. */
  digest: string;
}

export function failure(
  code: VerificationFailureCode,
  message: string,
  problems: string[] = [],
): VerificationFailure {
  return { ok: false, code, message, problems };
}
