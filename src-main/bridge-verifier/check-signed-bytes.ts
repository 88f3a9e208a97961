// The CMS part shared by login and record verification: the signature over the bytes (or
// digest), the signer's chain to the trusted CAs, and the signer's certificate validity.
// CMS itself is src-main/signing's verifyCadesDetached — nothing is re-implemented here.
import { sha256Fingerprint } from '../certs/fingerprint';
import { SignatureFormatError } from '../signing/signature-format-error';
import { verifyCadesDetached, type CadesVerificationResult } from '../signing/verify-cades-detached';
import { trustedCaDer, type TrustedCaInput } from './trusted-cas';
import { failure, type VerificationFailure } from './verification-result';

export interface SignedBytesInput {
  content?: Uint8Array;
  contentDigest?: Uint8Array;
  signature: Uint8Array;
  trustedCAs: readonly TrustedCaInput[];
  now: Date;
  /** Base64 or DER: the signer must be exactly this certificate. */
  expectedCertificate?: Uint8Array;
}

export type SignedBytesOutcome = { ok: true; result: CadesVerificationResult } | VerificationFailure;

const chainProblems = new Set([
  'chain-untrusted',
  'chain-build-failed',
  'issuer-not-ca',
  'issuer-not-valid-at-signing-time',
  'trust-not-configured',
]);

export async function checkSignedBytes(input: SignedBytesInput): Promise<SignedBytesOutcome> {
  const trusted = trustedCaDer(input.trustedCAs);
  let result: CadesVerificationResult;
  try {
    result = await verifyCadesDetached({
      ...(input.content ? { content: input.content } : { contentDigest: input.contentDigest }),
      signature: input.signature,
      trustedCertificatesDer: trusted,
      now: input.now,
    });
  } catch (error) {
    if (error instanceof SignatureFormatError) return failure('signature-malformed', error.message);
    throw error;
  }
  const { problems } = result;
  if (result.integrity === 'content-changed')
    return failure('content-changed', 'the signed data differs', problems);
  if (result.integrity !== 'ok')
    return failure('signature-invalid', 'the signature value does not verify', problems);
  if (
    input.expectedCertificate &&
    sha256Fingerprint(input.expectedCertificate) !== result.signer.sha256Fingerprint
  ) {
    return failure('certificate-mismatch', 'signed by another certificate than expected', problems);
  }
  if (problems.some((problem) => chainProblems.has(problem)) || result.chain !== 'trusted') {
    return failure('untrusted-certificate', 'the signer does not chain to a trusted CA', problems);
  }
  if (problems.includes('certificate-not-valid-at-signing-time')) {
    const notBefore = new Date(result.signer.notBefore);
    return notBefore > input.now
      ? failure('certificate-not-yet-valid', 'the certificate was not valid yet', problems)
      : failure('certificate-expired', 'the certificate was not valid at signing time', problems);
  }
  if (problems.length > 0)
    return failure('signature-invalid', `CAdES problems: ${problems.join(', ')}`, problems);
  return { ok: true, result };
}
