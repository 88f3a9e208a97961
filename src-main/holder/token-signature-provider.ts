// Adapts the token's raw signing primitive to what CMS needs: RSA keys sign a DigestInfo with
// CKM_RSA_PKCS, EC keys sign the bare digest with CKM_ECDSA (r||s, converted to DER). Hashing
// on the host side works with the widest range of USBKEYs, many of which lack CKM_SHA256_*.
// SM2 keys get Z ‖ M when it is short (the token host then picks the key's best vendor
// mechanism, raw or token-hashed) and e alone otherwise; the answer is r ‖ s, made DER here.
import type { CertificateDto } from '../certs/certificate-dto';
import { YiKeyError } from '../contract/yikey-error';
import { sha256DigestInfo } from '../signing/digest-info';
import { ecdsaRawToDer } from '../signing/ecdsa-signature';
import type { CmsSignatureProvider, Sm2SigningInput } from '../signing/signature-provider';
import { sm2RawToDer } from '../sm2/sm2-signature';
import { maxDigestsPerBatch, maxSm2MessageBytes, type HostParams } from '../token/host-protocol';
import type { TokenHostClient } from '../token/token-host-client';

type Mechanism = HostParams<'signDigest'>['mechanism'];
type RawSigner = (mechanism: Mechanism, data: Uint8Array[]) => Promise<Uint8Array[]>;

/** What goes to the token host for one signature. */
function tokenInput(
  keyAlgorithm: CmsSignatureProvider['keyAlgorithm'],
  digest: Uint8Array,
  sm2Input: Sm2SigningInput | undefined,
): { mechanism: Mechanism; data: Uint8Array } {
  if (keyAlgorithm === 'RSA') return { mechanism: 'rsa-pkcs', data: sha256DigestInfo(digest) };
  if (keyAlgorithm === 'EC') return { mechanism: 'ecdsa', data: digest };
  if (sm2Input && sm2Input.message.byteLength <= maxSm2MessageBytes) {
    const data = new Uint8Array(sm2Input.z.byteLength + sm2Input.message.byteLength);
    data.set(sm2Input.z, 0);
    data.set(sm2Input.message, sm2Input.z.byteLength);
    return { mechanism: 'sm2-message', data };
  }
  return { mechanism: 'sm2', data: digest };
}

/**
 * Signs on the token. With `batch`, every digest asked for within one turn of the event loop
 * goes to the token host in a single signDigests call: a batch of records costs one round trip
 * instead of one per record.
 */
export function tokenSignatureProvider(
  host: TokenHostClient,
  target: { slotId: string; keyId: string; certificate: CertificateDto },
  /** perCall: digests per token call in a batch (default 16); smaller gives finer progress. */
  options: { batch?: boolean; perCall?: number } = {},
): CmsSignatureProvider {
  const { keyAlgorithm } = target.certificate;
  if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'SM2') {
    throw new YiKeyError('mechanism-unsupported', `Signing with ${keyAlgorithm} keys is not supported`, {
      keyAlgorithm,
    });
  }
  const signRaw: RawSigner = async (mechanism, data) => {
    const call = { slotId: target.slotId, keyId: target.keyId, mechanism } as const;
    if (data.length === 1 && data[0])
      return [(await host.call('signDigest', { ...call, data: data[0] })).signature];
    return (await host.call('signDigests', { ...call, data })).signatures;
  };
  const sign = options.batch
    ? collectIntoBatches(signRaw, Math.min(options.perCall ?? pipelinedBatchSize, maxDigestsPerBatch))
    : (mechanism: Mechanism, data: Uint8Array) => signRaw(mechanism, [data]).then(first);
  return {
    keyAlgorithm,
    async sign(digest: Uint8Array, sm2Input?: Sm2SigningInput): Promise<Uint8Array> {
      const { mechanism, data } = tokenInput(keyAlgorithm, digest, sm2Input);
      const signature = await sign(mechanism, data);
      if (keyAlgorithm === 'RSA') return signature;
      return keyAlgorithm === 'SM2' ? sm2RawToDer(signature) : ecdsaRawToDer(signature);
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

function collectIntoBatches(
  signRaw: RawSigner,
  perCall: number,
): (mechanism: Mechanism, data: Uint8Array) => Promise<Uint8Array> {
  const waiting: {
    mechanism: Mechanism;
    data: Uint8Array;
    resolve: (value: Uint8Array) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const flush = (): void => {
    // One call signs with one mechanism: the batch ends where the mechanism changes.
    const mechanism = waiting[0]!.mechanism;
    const sameMechanism = waiting.findIndex((entry) => entry.mechanism !== mechanism);
    const size = Math.min(perCall, sameMechanism < 0 ? waiting.length : sameMechanism);
    const batch = waiting.splice(0, size);
    if (waiting.length > 0) setImmediate(flush);
    signRaw(
      mechanism,
      batch.map((entry) => entry.data),
    ).then(
      (signatures) =>
        batch.forEach((entry, index) => {
          const signature = signatures[index];
          if (signature) entry.resolve(signature);
          else entry.reject(new YiKeyError('internal-error', 'The token host returned too few signatures'));
        }),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (mechanism, data) =>
    new Promise((resolve, reject) => {
      waiting.push({ mechanism, data, resolve, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}
