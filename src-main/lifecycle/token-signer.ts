// A ProtectionSigner (cmp/protection.ts) over a key on the token: RSA signs the DigestInfo
// with CKM_RSA_PKCS, EC the bare digest with CKM_ECDSA (r||s, turned into DER). The same
// conversions as the holder's CMS signer, so any USBKEY that signs files signs CMP messages.
import type { ProtectionSigner } from '../cmp/protection';
import { sha256DigestInfo } from '../signing/digest-info';
import { ecdsaRawToDer } from '../signing/ecdsa-signature';
import type { TokenHostClient } from '../token/token-host-client';

export function tokenProtectionSigner(
  host: TokenHostClient,
  target: { slotId: string; keyId: string; keyAlgorithm: 'RSA' | 'EC' },
): ProtectionSigner {
  return {
    keyAlgorithm: target.keyAlgorithm,
    async sign(digest) {
      const { signature } = await host.call('signDigest', {
        slotId: target.slotId,
        keyId: target.keyId,
        mechanism: target.keyAlgorithm === 'RSA' ? 'rsa-pkcs' : 'ecdsa',
        data: target.keyAlgorithm === 'RSA' ? sha256DigestInfo(digest) : digest,
      });
      return target.keyAlgorithm === 'RSA' ? signature : ecdsaRawToDer(signature);
    },
  };
}
