// The bare signature value SOF_SignData returns (GM/T 0020 style, base64 of the DER signature
// in the SOF shim): SM2 signs SM3(Z ‖ data) with the default ID, RSA PKCS#1 v1.5 and ECDSA
// sign SHA-256(data). No CMS around it, so the receiver must already hold the certificate.
import { verify } from 'node:crypto';
import { prepareSigner } from './prepared-signer';
import { assertKeyMatchesCertificate, signAndCheck } from './sign-and-check';
import type { CmsSignatureProvider } from './signature-provider';
import { sm2MessageDigest } from '../sm2/sm2-digest';
import { verifySm2DerSignature } from '../sm2/sm2-signature';

export function createRawSignature(input: {
  content: Uint8Array;
  signerCertificateDer: Uint8Array;
  signer: CmsSignatureProvider;
}): Promise<Uint8Array> {
  const signer = prepareSigner(input.signerCertificateDer);
  assertKeyMatchesCertificate(signer, input.signer.keyAlgorithm);
  return signAndCheck(signer, input.signer, input.content);
}

/** True when `signature` is a valid raw signature of `content` by the certificate's key. */
export function verifyRawSignature(input: {
  content: Uint8Array;
  signature: Uint8Array;
  certificateDer: Uint8Array;
}): boolean {
  const signer = prepareSigner(input.certificateDer);
  if (signer.sm2) {
    const e = sm2MessageDigest(signer.sm2.z, input.content);
    return verifySm2DerSignature(e, input.signature, signer.sm2.publicKey);
  }
  if (signer.keyType !== 'RSA' && signer.keyType !== 'EC') return false;
  const key =
    signer.keyType === 'EC' ? { key: signer.publicKey, dsaEncoding: 'der' as const } : signer.publicKey;
  try {
    return verify('sha256', input.content, key, input.signature);
  } catch {
    return false;
  }
}
