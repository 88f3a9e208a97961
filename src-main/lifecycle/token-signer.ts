// A ProtectionSigner (cmp/protection.ts) over a key on the token: RSA signs the DigestInfo
// with CKM_RSA_PKCS, EC the bare digest with CKM_ECDSA (r||s, turned into DER), SM2 Z ‖ M through
// the token host's SM2 path (the key's vendor mechanism, docs/sm2.md; r ‖ s turned into DER).
// The same conversions as the holder's CMS signer, so any USBKEY that signs files signs CMP
// messages; an SM2 signature is checked on e before it is sent, as every SM2 signature YiKey makes.
import { sm2PointOfSpki, type CmpKeyAlgorithm } from '../cmp/signature-check';
import type { ProtectionSigner } from '../cmp/protection';
import { YiKeyError } from '../contract/yikey-error';
import { sha256DigestInfo } from '../signing/digest-info';
import { ecdsaRawToDer } from '../signing/ecdsa-signature';
import { sm2MessageDigest, sm2Z } from '../sm2/sm2-digest';
import { sm2RawToDer, verifySm2DerSignature } from '../sm2/sm2-signature';
import { maxSm2MessageBytes } from '../token/host-protocol';
import type { TokenHostClient } from '../token/token-host-client';

export function tokenProtectionSigner(
  host: TokenHostClient,
  target: {
    slotId: string;
    keyId: string;
    keyAlgorithm: CmpKeyAlgorithm;
    /** SubjectPublicKeyInfo of the key: SM2 needs its point for Z. */
    publicKeySpki: Uint8Array;
  },
): ProtectionSigner {
  const call = { slotId: target.slotId, keyId: target.keyId };
  if (target.keyAlgorithm === 'SM2') {
    const point = sm2PointOfSpki(target.publicKeySpki);
    const z = sm2Z(point);
    return {
      keyAlgorithm: 'SM2',
      async signSm2(message) {
        const e = sm2MessageDigest(z, message);
        const { signature } =
          message.byteLength <= maxSm2MessageBytes
            ? await host.call('signDigest', { ...call, mechanism: 'sm2-message', data: concat(z, message) })
            : await host.call('signDigest', { ...call, mechanism: 'sm2', data: e });
        const der = sm2RawToDer(signature);
        if (!verifySm2DerSignature(e, der, point))
          throw new YiKeyError(
            'key-certificate-mismatch',
            'The USBKEY made an SM2 signature that does not verify with its public key',
          );
        return der;
      },
    };
  }
  const rsa = target.keyAlgorithm === 'RSA';
  return {
    keyAlgorithm: target.keyAlgorithm,
    async sign(digest) {
      const { signature } = await host.call('signDigest', {
        ...call,
        mechanism: rsa ? 'rsa-pkcs' : 'ecdsa',
        data: rsa ? sha256DigestInfo(digest) : digest,
      });
      return rsa ? signature : ecdsaRawToDer(signature);
    },
  };
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.byteLength + second.byteLength);
  joined.set(first, 0);
  joined.set(second, first.byteLength);
  return joined;
}
