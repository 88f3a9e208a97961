// Batching of token signatures: pure logic, with a stand-in for the token host's call().
import { describe, expect, it, vi } from 'vitest';
import type { CertificateDto } from '../../../src-main/certs/certificate-dto';
import { tokenSignatureProvider } from '../../../src-main/holder/token-signature-provider';
import type { TokenHostClient } from '../../../src-main/token/token-host-client';

function fakeHost() {
  const call = vi.fn(async (method: string, params: { data: Uint8Array | Uint8Array[] }) => {
    // Each "signature" echoes the last byte of what was signed, so results can be matched.
    const sign = (data: Uint8Array) => new Uint8Array([data[data.length - 1]!]);
    return method === 'signDigests'
      ? { signatures: (params.data as Uint8Array[]).map(sign) }
      : { signature: sign(params.data as Uint8Array) };
  });
  return { host: { call } as unknown as TokenHostClient, call };
}

const target = { slotId: '0', keyId: 'ab', certificate: { keyAlgorithm: 'RSA' } as CertificateDto };
const digest = (index: number) => new Uint8Array(32).fill(index);

describe('tokenSignatureProvider', () => {
  it('sends digests asked for together as batches of at most 16, each answer to its own caller', async () => {
    const { host, call } = fakeHost();
    const provider = tokenSignatureProvider(host, target, { batch: true });
    const signatures = await Promise.all(
      Array.from({ length: 20 }, (_, index) => provider.sign(digest(index))),
    );
    expect(call.mock.calls.map(([method, params]) => [method, (params.data as Uint8Array[]).length])).toEqual(
      [
        ['signDigests', 16],
        ['signDigests', 4],
      ],
    );
    signatures.forEach((signature, index) => expect(signature[0]).toBe(index));
  });

  it('signs one at a time without batching, and fails every caller of a failed batch', async () => {
    const { host, call } = fakeHost();
    await tokenSignatureProvider(host, target).sign(digest(1));
    expect(call).toHaveBeenCalledWith('signDigest', expect.objectContaining({ mechanism: 'rsa-pkcs' }));
    call.mockRejectedValueOnce(Object.assign(new Error('removed'), { code: 'token-removed' }));
    const provider = tokenSignatureProvider(host, target, { batch: true });
    const results = await Promise.allSettled([provider.sign(digest(1)), provider.sign(digest(2))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses keys it cannot sign with plainly', () => {
    const { host } = fakeHost();
    expect(() =>
      tokenSignatureProvider(host, { ...target, certificate: { keyAlgorithm: 'Ed25519' } as CertificateDto }),
    ).toThrow(expect.objectContaining({ code: 'mechanism-unsupported' }));
  });

  it('sends SM2 as Z ‖ M when short and as e alone when long, and batches each kind apart', async () => {
    const call = vi.fn(
      async (method: string, params: { mechanism: string; data: Uint8Array | Uint8Array[] }) => {
        // r ‖ s with r = s = the length of what was signed, so each answer shows what went out.
        const sign = (data: Uint8Array) => new Uint8Array(64).fill(data.length % 256 || 1);
        return method === 'signDigests'
          ? { signatures: (params.data as Uint8Array[]).map(sign) }
          : { signature: sign(params.data as Uint8Array) };
      },
    );
    const host = { call } as unknown as TokenHostClient;
    const sm2 = { ...target, certificate: { keyAlgorithm: 'SM2' } as CertificateDto };
    const provider = tokenSignatureProvider(host, sm2, { batch: true });
    const z = new Uint8Array(32).fill(9);
    const short = { z, message: new Uint8Array(100) };
    const long = { z, message: new Uint8Array(64 * 1024 + 1) };
    const signatures = await Promise.all([
      provider.sign(digest(1), short),
      provider.sign(digest(2), short),
      provider.sign(digest(3), long),
    ]);
    expect(call.mock.calls.map(([method, params]) => [method, params.mechanism])).toEqual([
      ['signDigests', 'sm2-message'],
      ['signDigest', 'sm2'],
    ]);
    const [first] = call.mock.calls[0]![1].data as Uint8Array[];
    expect(Buffer.from(first!.subarray(0, 32)).equals(Buffer.from(z))).toBe(true);
    expect(first!.length).toBe(132);
    // r ‖ s comes back as DER SEQUENCE { r, s }.
    expect(signatures.map((signature) => signature[0])).toEqual([0x30, 0x30, 0x30]);
  });
});
