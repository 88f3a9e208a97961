// Adapts the token's raw signing primitive to what CMS needs: RSA keys sign a DigestInfo with
// CKM_RSA_PKCS, EC keys sign the bare digest with CKM_ECDSA (r||s, converted to DER). Hashing
// on the host side works with the widest range of USBKEYs, many of which lack CKM_SHA256_*.
import type { CertificateDto } from '../certs/certificate-dto';
import { YiKeyError } from '../contract/yikey-error';
import { sha256DigestInfo } from '../signing/digest-info';
import { ecdsaRawToDer } from '../signing/ecdsa-signature';
import type { CmsSignatureProvider } from '../signing/signature-provider';
import type { TokenHostClient } from '../token/token-host-client';

export function tokenSignatureProvider(
  host: TokenHostClient,
  target: { slotId: string; keyId: string; certificate: CertificateDto },
): CmsSignatureProvider {
  const { keyAlgorithm } = target.certificate;
  if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC') {
    throw new YiKeyError(
      'mechanism-unsupported',
      `Signing with ${keyAlgorithm} keys is not supported yet (SM2 support is planned)`,
      { keyAlgorithm },
    );
  }
  return {
    keyAlgorithm,
    async sign(digest: Uint8Array): Promise<Uint8Array> {
      const data = keyAlgorithm === 'RSA' ? sha256DigestInfo(digest) : digest;
      const mechanism = keyAlgorithm === 'RSA' ? 'rsa-pkcs' : 'ecdsa';
      const { signature } = await host.call('signDigest', {
        slotId: target.slotId,
        keyId: target.keyId,
        mechanism,
        data,
      });
      return keyAlgorithm === 'RSA' ? signature : ecdsaRawToDer(signature);
    },
  };
}
