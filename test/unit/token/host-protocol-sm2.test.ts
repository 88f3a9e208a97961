// The token host channel's sizes for SM2: malformed requests are refused by the schema, before
// the host (or the key) sees them.
import { describe, expect, it } from 'vitest';
import { hostMethodSchema, maxSm2MessageBytes } from '../../../src-main/token/host-protocol';

const call = { slotId: '0', keyId: 'ab' };
const bytes = (length: number) => new Uint8Array(length);
const accepts = (params: unknown): boolean =>
  hostMethodSchema('signDigest', 'params').safeParse(params).success;

describe('signDigest for SM2', () => {
  it('takes exactly 32 bytes of e for sm2', () => {
    expect(accepts({ ...call, mechanism: 'sm2', data: bytes(32) })).toBe(true);
    expect(accepts({ ...call, mechanism: 'sm2', data: bytes(31) })).toBe(false);
    expect(accepts({ ...call, mechanism: 'sm2', data: bytes(64) })).toBe(false);
  });

  it('takes Z ‖ M of 32 bytes to 32 + 64 KiB for sm2-message, and nothing longer', () => {
    expect(accepts({ ...call, mechanism: 'sm2-message', data: bytes(32) })).toBe(true);
    expect(accepts({ ...call, mechanism: 'sm2-message', data: bytes(32 + maxSm2MessageBytes) })).toBe(true);
    expect(accepts({ ...call, mechanism: 'sm2-message', data: bytes(33 + maxSm2MessageBytes) })).toBe(false);
    expect(accepts({ ...call, mechanism: 'sm2-message', data: bytes(31) })).toBe(false);
  });

  it('keeps the 1 KiB limit of RSA and ECDSA, and refuses unknown mechanisms', () => {
    expect(accepts({ ...call, mechanism: 'rsa-pkcs', data: bytes(1024) })).toBe(true);
    expect(accepts({ ...call, mechanism: 'ecdsa', data: bytes(1025) })).toBe(false);
    expect(accepts({ ...call, mechanism: 'sm2-raw', data: bytes(32) })).toBe(false);
  });

  it('checks every element of a batch', () => {
    const batch = (data: Uint8Array[]) =>
      hostMethodSchema('signDigests', 'params').safeParse({ ...call, mechanism: 'sm2', data }).success;
    expect(batch([bytes(32), bytes(32)])).toBe(true);
    expect(batch([bytes(32), bytes(33)])).toBe(false);
  });
});
