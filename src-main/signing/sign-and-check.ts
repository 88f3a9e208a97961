// One signature made by the token over some bytes, checked against the signer certificate
// before anyone sees it. A token may sign with another key than the certificate's (wrong
// object picked, two certificates on one key) or return garbage; such a value must never
// reach a hospital system.
import { createHash, verify } from 'node:crypto';
import { YiKeyError } from '../contract/yikey-error';
import type { PreparedSigner } from './prepared-signer';
import type { CmsSignatureProvider } from './signature-provider';
import { sm2MessageDigest } from '../sm2/sm2-digest';
import { verifySm2DerSignature } from '../sm2/sm2-signature';

export function assertKeyMatchesCertificate(
  signer: PreparedSigner,
  keyAlgorithm: CmsSignatureProvider['keyAlgorithm'],
): void {
  if (signer.keyType !== keyAlgorithm) {
    throw new YiKeyError(
      'key-certificate-mismatch',
      `signer key is ${keyAlgorithm} but the certificate holds a ${signer.keyType} key`,
    );
  }
}

/** Signs `toBeSigned` (SHA-256 for RSA/EC, SM3 with Z for SM2) and verifies the result. */
export async function signAndCheck(
  signer: PreparedSigner,
  provider: CmsSignatureProvider,
  toBeSigned: Uint8Array,
): Promise<Uint8Array> {
  if (provider.keyAlgorithm === 'SM2') {
    if (!signer.sm2) throw new YiKeyError('key-certificate-mismatch', 'the certificate holds no SM2 key');
    const e = sm2MessageDigest(signer.sm2.z, toBeSigned);
    const signature = await provider.sign(e, { z: signer.sm2.z, message: toBeSigned });
    if (!verifySm2DerSignature(e, signature, signer.sm2.publicKey)) throw mismatch();
    return signature;
  }
  const digest = new Uint8Array(createHash('sha256').update(toBeSigned).digest());
  const signature = await provider.sign(digest);
  const isEc = provider.keyAlgorithm === 'EC';
  const key = isEc ? { key: signer.publicKey, dsaEncoding: 'der' as const } : signer.publicKey;
  if (!verify('sha256', toBeSigned, key, signature)) throw mismatch();
  return signature;
}

function mismatch(): YiKeyError {
  return new YiKeyError(
    'key-certificate-mismatch',
    'the signature from the token does not verify with the signer certificate',
  );
}
