// Stable, kebab-case error codes that cross every boundary (token host → main → renderer,
// CLI, bridge). Callers branch on the code, never on message text. Pure module: no Node APIs.

export const errorCodes = [
  'pin-incorrect',
  'pin-locked',
  'pin-len-range',
  'pin-invalid',
  'pin-expired',
  'pin-policy',
  'not-logged-in',
  'token-removed',
  'token-not-present',
  'token-not-found',
  'token-unrecognized',
  'token-write-protected',
  'key-not-found',
  'certificate-not-found',
  'certificate-ambiguous',
  'certificate-expired',
  'certificate-not-yet-valid',
  'certificate-malformed',
  'certificate-not-for-signing',
  'key-certificate-mismatch',
  'pem-malformed',
  'mechanism-unsupported',
  'module-not-found',
  'module-not-pkcs11',
  'module-path-relative',
  'module-file-unsafe',
  'module-load-failed',
  'module-crashed',
  'module-timeout',
  'device-error',
  'device-memory',
  'operation-failed',
  'invalid-input',
  'file-unreadable',
  'file-too-large',
  'file-write-failed',
  'trusted-ca-unreadable',
  'trusted-ca-no-certificate',
  'trusted-ca-not-ca',
  'trusted-ca-not-file',
  'trusted-ca-too-large',
  'signature-malformed',
  // Certificate lifecycle requests to the provincial backend (issue 8).
  'backend-not-configured',
  'backend-unreachable',
  'backend-answer-invalid',
  'request-rejected',
  'issued-certificate-invalid',
  'request-busy',
  'request-not-found',
  'request-not-withdrawable',
  // Re-issue (补办, issue 8).
  'authorisation-code-unusable',
  'request-code-needed',
  // PIN unlock (issue 8).
  'unlock-code-incorrect',
  'so-pin-incorrect',
  'cancelled',
  'internal-error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Extra facts an error may carry; every field is optional and JSON-safe. */
export interface ErrorDetails {
  /** Remaining PIN tries where the token tells us (1 on final try, 0 when locked). */
  triesLeft?: number | null;
  /** The token reported "few tries left" without a number. */
  countLow?: boolean;
  /** The PKCS#11 return value name, for support staff (e.g. CKR_DEVICE_ERROR). */
  ckr?: string;
  /** Which PKCS#11 function or operation failed. */
  operation?: string;
  [key: string]: unknown;
}
