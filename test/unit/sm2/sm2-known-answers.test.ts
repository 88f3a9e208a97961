// SM3, Z, e and SM2 verification against published values and against OpenSSL's own SM3 and
// SM2 (pkeyutl on e: OpenSSL's other SM2 commands default to an empty ID and prove nothing).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sm2VerifyDigest } from '../../../src-main/sm2/sm2-curve';
import { sm2MessageDigest, sm2Z, sm3 } from '../../../src-main/sm2/sm2-digest';
import { sm2PointFromEncoded } from '../../../src-main/sm2/sm2-public-key';
import { sm2DerToRaw, sm2RawToDer, verifySm2DerSignature } from '../../../src-main/sm2/sm2-signature';
import {
  opensslSm2E,
  opensslSm2Key,
  opensslSm2PublicPoint,
  opensslSm2SignE,
  opensslSm2VerifyE,
  opensslSm2Z,
  opensslSm3,
} from '../../helpers/openssl-sm2';
import { withTempDir } from '../signing/openssl';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// GM/T 0003.5-2012 (= GB/T 32918.5) signature example on the recommended curve, ID
// 1234567812345678, message "message digest".
const gmt = {
  publicKey: {
    x: 0x09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020n,
    y: 0xccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13n,
  },
  z: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  r: 0xf5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3n,
  s: 0xb1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aan,
};

describe('SM3', () => {
  it('matches GM/T 0004 example 1 ("abc"), OpenSSL and Python', () => {
    const expected = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    expect(hex(sm3(utf8('abc')))).toBe(expected);
    expect(hex(opensslSm3(utf8('abc')))).toBe(expected);
    const python = spawnSync(
      'python3',
      ['-c', "import hashlib;print(hashlib.new('sm3',b'abc').hexdigest())"],
      {
        encoding: 'utf8',
      },
    );
    expect(python.stdout.trim()).toBe(expected);
  });

  it('matches GM/T 0004 example 2 (64 bytes of "abcd")', () => {
    expect(hex(sm3(utf8('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
});

describe('Z and e with the default ID', () => {
  it('give the GM/T 0003.5 example values', () => {
    const z = sm2Z(gmt.publicKey);
    expect(hex(z)).toBe(gmt.z);
    expect(hex(sm2MessageDigest(z, utf8('message digest')))).toBe(gmt.e);
  });

  it('equal Z and e computed by OpenSSL SM3 from the curve constants OpenSSL prints', () => {
    withTempDir((dir) => {
      const point = opensslSm2PublicPoint(opensslSm2Key(dir));
      const publicKey = sm2PointFromEncoded(point);
      expect(hex(sm2Z(publicKey))).toBe(hex(opensslSm2Z(point)));
      const message = utf8('住院病历 2026-11-30');
      expect(hex(sm2MessageDigest(sm2Z(publicKey), message))).toBe(hex(opensslSm2E(point, message)));
    });
  });
});

describe('SM2 verification on e', () => {
  it('accepts the GM/T 0003.5 example signature and refuses it changed', () => {
    const e = fromHex(gmt.e);
    expect(sm2VerifyDigest(e, gmt.r, gmt.s, gmt.publicKey)).toBe(true);
    expect(sm2VerifyDigest(e, gmt.r + 1n, gmt.s, gmt.publicKey)).toBe(false);
    expect(sm2VerifyDigest(e, gmt.r, gmt.s, { ...gmt.publicKey, y: gmt.publicKey.y - 1n })).toBe(false);
    const tampered = sm2MessageDigest(sm2Z(gmt.publicKey), utf8('message digesT'));
    expect(sm2VerifyDigest(tampered, gmt.r, gmt.s, gmt.publicKey)).toBe(false);
  });

  it('refuses the example signature checked with an empty ID (what Node and OpenSSL default to)', () => {
    const emptyIdE = sm2MessageDigest(sm2Z(gmt.publicKey, new Uint8Array(0)), utf8('message digest'));
    expect(sm2VerifyDigest(emptyIdE, gmt.r, gmt.s, gmt.publicKey)).toBe(false);
  });

  it("accepts OpenSSL's own SM2 test vectors (evppkey_sm2.txt, SM2_key1)", () => {
    // Public point of SM2_key1 in openssl/test/recipes/30-test_evp_data/evppkey_sm2.txt.
    const publicKey = sm2PointFromEncoded(
      fromHex(
        '04393a2ad9e27e43acaaab85a19d3b85591e14406157175addd37bf77ff0caf9ed' +
          '37fcf3a8b4f55c038523261fca6636afe6a7afa2a1482a606f5cb3a18b2e2a1e',
      ),
    );
    for (const [e, signature] of [
      [
        'D7AD397F6FFA5D4F7F11E7217F241607DC30618C236D2C09C1B9EA8FDADEE2E8',
        '3046022100AB1DB64DE7C40EDBDE6651C9B8EBDB804673DB836E5D5C7FE15DCF9ED2725037022100EBA714451FF69B0BB930B379E192E7CD5FA6E3C41C7FBD8303B799AB54A54621',
      ],
      [
        'B1139602C6ECC9E15E2F3F9C635A1AFE737058BC15387479C1EA0D0B3D90E9E5',
        '3045022100E6E0414EBD3A656C35602AF14AB20287DBF30D57AF75C49A188ED4B42391F22402202F54F277C606F4605E1CE9514947FFDDF94C67A539804A4ED17F852288BDBE2E',
      ],
    ] as const) {
      expect(verifySm2DerSignature(fromHex(e), fromHex(signature), publicKey)).toBe(true);
    }
  });

  it('agrees with openssl pkeyutl both ways on fresh keys', () => {
    withTempDir((dir) => {
      const keyPath = opensslSm2Key(dir);
      const point = opensslSm2PublicPoint(keyPath);
      const publicKey = sm2PointFromEncoded(point);
      for (const message of [utf8(''), utf8('record'), new Uint8Array(3000).fill(7)]) {
        const e = opensslSm2E(point, message);
        const signature = opensslSm2SignE(keyPath, e);
        expect(verifySm2DerSignature(e, signature, publicKey)).toBe(true);
        expect(opensslSm2VerifyE(dir, keyPath, e, signature).ok).toBe(true);
        // Through r ‖ s and back: the conversion a token's 64-byte output goes through.
        const again = sm2RawToDer(sm2DerToRaw(signature));
        expect(hex(again)).toBe(hex(signature));
        const other = opensslSm2E(point, utf8('another record'));
        expect(verifySm2DerSignature(other, signature, publicKey)).toBe(false);
        expect(opensslSm2VerifyE(dir, keyPath, other, signature).ok).toBe(false);
      }
    });
  });

  it('refuses values that are not strict DER or out of range', () => {
    const e = fromHex(gmt.e);
    const der = sm2RawToDer(
      fromHex(gmt.r.toString(16).padStart(64, '0') + gmt.s.toString(16).padStart(64, '0')),
    );
    expect(verifySm2DerSignature(e, der, gmt.publicKey)).toBe(true);
    expect(verifySm2DerSignature(e, Uint8Array.from([...der, 0]), gmt.publicKey)).toBe(false);
    expect(verifySm2DerSignature(e, new Uint8Array(64), gmt.publicKey)).toBe(false);
    expect(() => sm2RawToDer(new Uint8Array(63))).toThrow(/64 bytes/);
    expect(() => sm2RawToDer(new Uint8Array(64))).toThrow(/zero/);
  });
});
