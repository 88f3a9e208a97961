import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256DigestInfo } from '../../../src-main/signing/digest-info';
import { derEcdsaToRaw, ecdsaRawToDer } from '../../../src-main/signing/ecdsa-signature';

describe('sha256DigestInfo', () => {
  it('is the RFC 8017 §9.2 DigestInfo prefix followed by the digest', () => {
    const digest = createHash('sha256').update('x').digest();
    const expected = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);
    expect(Buffer.from(sha256DigestInfo(digest)).equals(expected)).toBe(true);
  });

  it('refuses a digest that is not 32 bytes', () => {
    expect(() => sha256DigestInfo(new Uint8Array(20))).toThrow(/32 bytes/);
  });
});

describe('ECDSA r||s ↔ DER', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('round-trips signatures from Node (DER → raw → DER is identical)', () => {
    for (let i = 0; i < 50; i++) {
      const der = sign('sha256', Buffer.from(`message ${i}`), { key: privateKey, dsaEncoding: 'der' });
      const raw = derEcdsaToRaw(der, 32);
      expect(raw.byteLength).toBe(64);
      expect(Buffer.from(ecdsaRawToDer(raw)).equals(der)).toBe(true);
    }
  });

  it('encodes high-bit and leading-zero integers as minimal positive INTEGERs', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r has its top bit set → needs a 0x00 sign byte
    raw[63] = 0x01; // s = 1 → a single content byte
    const der = Buffer.from(ecdsaRawToDer(raw));
    expect(der.subarray(0, 5).toString('hex')).toBe('3026022100');
    expect(der.subarray(der.length - 3).toString('hex')).toBe('020101');
    expect(Buffer.from(derEcdsaToRaw(der, 32)).equals(Buffer.from(raw))).toBe(true);
  });

  it('refuses malformed raw input', () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(RangeError);
    expect(() => ecdsaRawToDer(new Uint8Array(64))).toThrow(/zero/);
  });
});
