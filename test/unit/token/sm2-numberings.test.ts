// The SM2 part of the vendor table: it validates, the modules point at numberings that exist,
// and the token host's choice of mechanism follows the stated preference.
import { describe, expect, it } from 'vitest';
import { knownVendorModules } from '../../../src-main/token/module-locator';
import {
  CKK_EC,
  knownSm2Numberings,
  numberingsForKeyType,
  sm2CurveParameters,
  sm2MechanismsToTry,
  sm2NumberingsSchema,
} from '../../../src-main/token/sm2-numberings';

const names = (list: { name: string }[]): string[] => list.map((entry) => entry.name);

describe('SM2 numberings in the vendor table', () => {
  it('describe Longmai (verified) and the unverified vendors, each module naming one that exists', () => {
    expect(knownSm2Numberings().map((numbering) => [numbering.id, numbering.verified])).toEqual([
      ['longmai', true],
      ['sansec', false],
      ['westone', false],
      ['thales-luna', false],
    ]);
    const longmai = knownSm2Numberings()[0]!;
    expect(longmai.keyType).toBe(0x84000020);
    expect(longmai.mechanisms.map((mechanism) => mechanism.value)).toEqual([0x83000000, 0x83000001]);
    for (const module of knownVendorModules) {
      if (module.sm2Numbering)
        expect(knownSm2Numberings().map((entry) => entry.id)).toContain(module.sm2Numbering);
    }
  });

  it('refuse a malformed table with a specific message', () => {
    const valid = { id: 'x', vendor: 'X', source: 's', verified: false, keyType: '0x80000001' };
    const raw = { name: 'RAW', value: '0x1', hashing: 'none', userId: 'computed-by-yikey', output: 'r-s' };
    expect(sm2NumberingsSchema().safeParse([{ ...valid, mechanisms: [raw] }]).success).toBe(true);
    const badHex = sm2NumberingsSchema().safeParse([{ ...valid, keyType: '84000020', mechanisms: [raw] }]);
    expect(badHex.error?.issues[0]?.message).toMatch(/0x/);
    const misfit = sm2NumberingsSchema().safeParse([
      { ...valid, mechanisms: [{ ...raw, userId: 'token-default' }] },
    ]);
    expect(misfit.error?.issues[0]?.message).toMatch(/does not fit hashing none/);
    const twice = sm2NumberingsSchema().safeParse([
      { ...valid, mechanisms: [raw] },
      { ...valid, mechanisms: [raw] },
    ]);
    expect(twice.error?.issues[0]?.message).toMatch(/duplicate/);
  });
});

describe('recognising SM2 keys', () => {
  it('by a vendor key type, or CKK_EC on the SM2 curve only', () => {
    expect(numberingsForKeyType(0x84000020, null)?.map((entry) => entry.id)).toEqual(['longmai']);
    expect(numberingsForKeyType(0x80000004, null)?.map((entry) => entry.id)).toEqual(['sansec']);
    expect(numberingsForKeyType(CKK_EC, sm2CurveParameters)).toHaveLength(knownSm2Numberings().length);
    const p256 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);
    expect(numberingsForKeyType(CKK_EC, p256)).toBeNull();
    expect(numberingsForKeyType(0x0, null)).toBeNull(); // CKK_RSA
  });
});

describe('choosing the mechanism', () => {
  const sansec = knownSm2Numberings().filter((entry) => entry.id === 'sansec');

  it('prefers raw over token-hashed, r ‖ s over DER, and mechanisms the token lists', () => {
    expect(names(sm2MechanismsToTry(sansec, null, 'message'))).toEqual([
      'CKM_SM2_SIGN_NO_DER',
      'CKM_SM2_SIGN',
      'CKM_SM3_SM2_APPID1',
      'CKM_SM3_SM2_APPID1_DER',
      'CKM_SM3_SM2',
      'CKM_SM3_SM2_DER',
    ]);
    // A token that lists only DER and the hashed ones: the listed raw one first.
    const listed = new Set([0x80008104, 0x80008102]);
    expect(names(sm2MechanismsToTry(sansec, listed, 'message')).slice(0, 2)).toEqual([
      'CKM_SM2_SIGN',
      'CKM_SM3_SM2_APPID1',
    ]);
  });

  it('with only e at hand, offers raw mechanisms only', () => {
    expect(names(sm2MechanismsToTry(sansec, null, 'digest'))).toEqual([
      'CKM_SM2_SIGN_NO_DER',
      'CKM_SM2_SIGN',
    ]);
    const luna = knownSm2Numberings().filter((entry) => entry.id === 'thales-luna');
    expect(sm2MechanismsToTry(luna, null, 'digest')).toEqual([]);
    expect(names(sm2MechanismsToTry(luna, null, 'message'))).toEqual(['CKM_SM3_SM2DSA']);
  });
});
