// Checks a record's signature on the EMR server: sign.content / sign.batch results against the
// record's bytes, sign.digest results against the digest. Optionally the signer must be the
// doctor who logged in (their login's certificate).
import { createHash } from 'node:crypto';
import { sha256Fingerprint } from '../certs/fingerprint';
import { parseCadesSignature } from '../signing/parse-cades-signature';
import { checkSignedBytes } from './check-signed-bytes';
import type { TrustedCaInput } from './trusted-cas';
import { failure, type SignatureVerified, type VerificationFailure } from './verification-result';

/** The record's bytes (a string is taken as UTF-8 text), or its SHA-256 as 64 lowercase hex digits. */
export type SignedData = { content: string | Uint8Array } | { digest: string };

export interface VerifySignatureOptions {
  trustedCAs: readonly TrustedCaInput[];
  now?: Date;
  /** Base64 DER (or DER bytes) of the certificate that must have signed, e.g. the logged-in doctor's. */
  expectedCertificate?: string | Uint8Array;
}

const sha256Hex = /^[0-9a-f]{64}$/;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

function signatureBytes(signature: string | Uint8Array): Uint8Array | null {
  if (typeof signature !== 'string') return signature;
  return signature.length % 4 === 0 && base64.test(signature) ? Buffer.from(signature, 'base64') : null;
}

export async function verifySignature(
  data: SignedData,
  signature: string | Uint8Array,
  options: VerifySignatureOptions,
): Promise<SignatureVerified | VerificationFailure> {
  const signatureDer = signatureBytes(signature);
  if (!signatureDer) return failure('signature-malformed', 'the signature is not base64');
  let digest: string;
  let input: { content: Uint8Array } | { contentDigest: Uint8Array };
  if ('digest' in data) {
    if (typeof data.digest !== 'string' || !sha256Hex.test(data.digest)) {
      return failure('malformed-answer', 'digest must be 64 lowercase hex digits (SHA-256)');
    }
    digest = data.digest;
    input = { contentDigest: Buffer.from(data.digest, 'hex') };
  } else {
    const content = typeof data.content === 'string' ? Buffer.from(data.content, 'utf8') : data.content;
    digest = createHash('sha256').update(content).digest('hex');
    input = { content };
  }
  const expected = options.expectedCertificate;
  const signed = await checkSignedBytes({
    ...input,
    signature: signatureDer,
    trustedCAs: options.trustedCAs,
    now: options.now ?? new Date(),
    ...(expected === undefined
      ? {}
      : { expectedCertificate: typeof expected === 'string' ? Buffer.from(expected, 'base64') : expected }),
  });
  if (!signed.ok) return signed;
  const { result } = signed;
  const signerDer = parseCadesSignature(signatureDer).certificatesDer.find(
    (der) => sha256Fingerprint(der) === result.signer.sha256Fingerprint,
  );
  return {
    ok: true,
    signer: result.signer,
    certificate: Buffer.from(signerDer!).toString('base64'),
    signingTime: result.signingTime,
    digest,
  };
}
