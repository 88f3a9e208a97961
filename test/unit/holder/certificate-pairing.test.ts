// Pairing certificate objects with private keys by CKA_ID, and choosing the signing
// certificate: pure logic over objects as the token host returns them.
import { beforeAll, describe, expect, it } from 'vitest';
import { pairObjects } from '../../../src-main/holder/certificate-entry';
import { chooseSigningCertificate } from '../../../src-main/holder/choose-signing-certificate';
import type { TokenSummary } from '../../../src-main/contract/token-types';
import { tokenSummary } from '../../helpers/token-summary';
import { createTestCa, issueHolder, type TestHolder } from '../signing/test-pki';

const token = (loggedIn: boolean): TokenSummary =>
  tokenSummary({
    slotId: '0',
    label: 'doctor',
    serial: '0001',
    manufacturer: 'test',
    model: 'test',
    loggedIn,
    pin: { minLength: 6 },
  });
const options = { now: new Date(), renewalWindowDays: 30 };

describe('pairObjects and chooseSigningCertificate', () => {
  let first: TestHolder;
  let second: TestHolder;

  beforeAll(async () => {
    const ca = await createTestCa();
    first = await issueHolder(ca, { kind: 'RSA', serialNumber: '01' });
    second = await issueHolder(ca, { kind: 'EC', serialNumber: '02' });
  });

  it('pairs by CKA_ID, lists unreadable objects and keys without certificates', () => {
    const contents = pairObjects(
      token(true),
      {
        certificates: [
          { id: 'a1', label: 'sign', value: first.der },
          { id: 'b2', label: 'no key', value: second.der },
          { id: 'c3', label: 'garbage', value: new Uint8Array([1, 2, 3]) },
        ],
        privateKeys: [
          { id: 'a1', label: 'sign key', keyType: 'RSA' },
          { id: 'd4', label: 'orphan', keyType: 'EC' },
        ],
      },
      options,
    );
    expect(contents.entries.map((entry) => [entry.objectId, entry.readable, entry.keyPairing])).toEqual([
      ['a1', true, 'paired'],
      ['b2', true, 'missing'],
      ['c3', false, 'missing'],
    ]);
    expect(contents.keysWithoutCertificate.map((key) => key.objectId)).toEqual(['d4']);
    expect(contents.derByFingerprint.size).toBe(2);
  });

  it('does not claim a key is missing before login, when private keys are hidden', () => {
    const contents = pairObjects(
      token(false),
      { certificates: [{ id: 'a1', label: 'sign', value: first.der }], privateKeys: [] },
      options,
    );
    expect(contents.entries[0]?.keyPairing).toBe('unknown-until-login');
  });

  it('chooses the only usable certificate, refuses to guess between several, and refuses one without a key', () => {
    const contents = pairObjects(
      token(true),
      {
        certificates: [
          { id: 'a1', label: 'sign', value: first.der },
          { id: 'b2', label: 'no key', value: second.der },
        ],
        privateKeys: [{ id: 'a1', label: 'sign key', keyType: 'RSA' }],
      },
      options,
    );
    const chosen = chooseSigningCertificate(contents.entries);
    expect(chosen.objectId).toBe('a1');
    const withoutKey = contents.entries.find((entry) => entry.objectId === 'b2');
    const fingerprint = withoutKey?.readable ? withoutKey.certificate.sha256Fingerprint : '';
    expect(() => chooseSigningCertificate(contents.entries, fingerprint)).toThrow(
      expect.objectContaining({ code: 'key-not-found' }),
    );
    expect(() => chooseSigningCertificate(contents.entries, 'FFFFFFFFFF')).toThrow(
      expect.objectContaining({ code: 'certificate-not-found' }),
    );
    const both = pairObjects(
      token(true),
      {
        certificates: [
          { id: 'a1', label: 'one', value: first.der },
          { id: 'b2', label: 'two', value: second.der },
        ],
        privateKeys: [
          { id: 'a1', label: 'k1', keyType: 'RSA' },
          { id: 'b2', label: 'k2', keyType: 'EC' },
        ],
      },
      options,
    );
    expect(() => chooseSigningCertificate(both.entries)).toThrow(
      expect.objectContaining({ code: 'certificate-ambiguous' }),
    );
    // A fingerprint prefix, with or without colons, picks one.
    const prefix = fingerprint.replace(/:/g, '').slice(0, 16).toLowerCase();
    expect(chooseSigningCertificate(both.entries, prefix).objectId).toBe('b2');
  });
});
