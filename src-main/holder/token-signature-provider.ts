// Adapts the token's raw signing primitive to what CMS needs: RSA keys sign a DigestInfo with
// CKM_RSA_PKCS, EC keys sign the bare digest with CKM_ECDSA (r||s, converted to DER). Hashing
// on the host side works with the widest range of USBKEYs, many of which lack CKM_SHA256_*.
import type { CertificateDto } from '../certs/certificate-dto';
import { YiKeyError } from '../contract/yikey-error';
import { sha256DigestInfo } from '../signing/digest-info';
import { ecdsaRawToDer } from '../signing/ecdsa-signature';
import type { CmsSignatureProvider } from '../signing/signature-provider';
import { maxDigestsPerBatch } from '../token/host-protocol';
import type { TokenHostClient } from '../token/token-host-client';

type RawSigner = (data: Uint8Array[]) => Promise<Uint8Array[]>;

/**
 * Signs on the token. With `batch`, every digest asked for within one turn of the event loop
 * goes to the token host in a single signDigests call: a batch of records costs one round trip
 * instead of one per record.
 */
export function tokenSignatureProvider(
  host: TokenHostClient,
  target: { slotId: string; keyId: string; certificate: CertificateDto },
  options: { batch?: boolean } = {},
): CmsSignatureProvider {
  const { keyAlgorithm } = target.certificate;
  if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC') {
    throw new YiKeyError(
      'mechanism-unsupported',
      `Signing with ${keyAlgorithm} keys is not supported yet (SM2 support is planned)`,
      { keyAlgorithm },
    );
  }
  const mechanism = keyAlgorithm === 'RSA' ? 'rsa-pkcs' : 'ecdsa';
  const signRaw: RawSigner = async (data) => {
    const call = { slotId: target.slotId, keyId: target.keyId, mechanism } as const;
    if (data.length === 1 && data[0])
      return [(await host.call('signDigest', { ...call, data: data[0] })).signature];
    return (await host.call('signDigests', { ...call, data })).signatures;
  };
  const sign = options.batch
    ? collectIntoBatches(signRaw)
    : (data: Uint8Array) => signRaw([data]).then(first);
  return {
    keyAlgorithm,
    async sign(digest: Uint8Array): Promise<Uint8Array> {
      const signature = await sign(keyAlgorithm === 'RSA' ? sha256DigestInfo(digest) : digest);
      return keyAlgorithm === 'RSA' ? signature : ecdsaRawToDer(signature);
    },
  };
}

function first(signatures: Uint8Array[]): Uint8Array {
  const [signature] = signatures;
  if (!signature) throw new YiKeyError('internal-error', 'The token host returned no signature');
  return signature;
}

/**
 * Digests per token call. Smaller than the host's limit on purpose: while the token signs one
 * batch, the main process finishes the CMS of the previous one, so the two overlap. 16 halves
 * the round trips of 8 (each costs both processes CPU) and still overlaps: a batch of 100 waits
 * for its last 16 only, and at a real key's 150 ms per signature one call stays under 3 s.
 */
const pipelinedBatchSize = Math.min(16, maxDigestsPerBatch);

function collectIntoBatches(signRaw: RawSigner): (data: Uint8Array) => Promise<Uint8Array> {
  const waiting: {
    data: Uint8Array;
    resolve: (value: Uint8Array) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const flush = (): void => {
    const batch = waiting.splice(0, pipelinedBatchSize);
    if (waiting.length > 0) setImmediate(flush);
    signRaw(batch.map((entry) => entry.data)).then(
      (signatures) =>
        batch.forEach((entry, index) => {
          const signature = signatures[index];
          if (signature) entry.resolve(signature);
          else entry.reject(new YiKeyError('internal-error', 'The token host returned too few signatures'));
        }),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (data) =>
    new Promise((resolve, reject) => {
      waiting.push({ data, resolve, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}
