// Choosing the signing certificate never picks one outside its validity, and a renewed key that
// still holds its old, expired certificate signs with the new one without asking which.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src-main/contract/token-types';
import { pairObjects } from '../../../src-main/holder/certificate-entry';
import { chooseSigningCertificate } from '../../../src-main/holder/choose-signing-certificate';
import { tokenSummary } from '../../helpers/token-summary';
import { createTestCa, issueHolder, type TestHolder } from '../signing/test-pki';

const day = 24 * 60 * 60 * 1000;
const token: TokenSummary = tokenSummary({
  slotId: '0',
  label: 'doctor',
  serial: '0001',
  manufacturer: 'test',
  model: 'test',
  loggedIn: true,
  pin: { minLength: 6 },
});

describe('chooseSigningCertificate and certificate validity', () => {
  let expired: TestHolder;
  let current: TestHolder;
  let future: TestHolder;

  beforeAll(async () => {
    const ca = await createTestCa();
    const now = Date.now();
    expired = await issueHolder(ca, {
      kind: 'EC',
      serialNumber: '01',
      notBefore: new Date(now - 400 * day),
      notAfter: new Date(now - 35 * day),
    });
    current = await issueHolder(ca, { kind: 'EC', serialNumber: '02' });
    future = await issueHolder(ca, {
      kind: 'EC',
      serialNumber: '03',
      notBefore: new Date(now + 2 * day),
      notAfter: new Date(now + 300 * day),
    });
  });

  const entriesOf = (...holders: TestHolder[]) =>
    pairObjects(
      token,
      {
        certificates: holders.map((holder, index) => ({ id: `0${index}`, label: 'sign', value: holder.der })),
        privateKeys: holders.map((_, index) => ({ id: `0${index}`, label: 'key', keyType: 'EC' as const })),
      },
      { now: new Date(), renewalWindowDays: 30 },
    ).entries;
  const fingerprintOf = (holder: TestHolder) => {
    const [entry] = entriesOf(holder);
    return entry?.readable ? entry.certificate.sha256Fingerprint : 'unreadable';
  };

  it('refuses an expired or a not-yet-valid certificate, chosen or the only one', () => {
    expect(() => chooseSigningCertificate(entriesOf(expired))).toThrow(
      expect.objectContaining({ code: 'certificate-expired' }),
    );
    expect(() => chooseSigningCertificate(entriesOf(future))).toThrow(
      expect.objectContaining({ code: 'certificate-not-yet-valid' }),
    );
    const all = entriesOf(expired, current, future);
    expect(() => chooseSigningCertificate(all, fingerprintOf(expired))).toThrow(
      expect.objectContaining({ code: 'certificate-expired' }),
    );
    expect(() => chooseSigningCertificate(all, fingerprintOf(future))).toThrow(
      expect.objectContaining({ code: 'certificate-not-yet-valid' }),
    );
  });

  it('offers only the certificate valid now when the key also holds an old or a future one', () => {
    const chosen = chooseSigningCertificate(entriesOf(expired, current, future));
    expect(chosen.certificate.serialNumber).toMatch(/02$/);
  });
});
