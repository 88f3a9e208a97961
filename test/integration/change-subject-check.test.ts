// 变更: the subject YiKey asks for (only name, department and ID number change; a change that
// changes nothing or a malformed ID number is refused with its reason), and the check before
// installing — a certificate that does not carry the requested subject (e.g. the old details,
// or someone else's) is refused; one that does, from the trusted CA, passes. Certificates made
// by the OpenSSL CLI.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';
import { afterAll, describe, expect, it } from 'vitest';
import { changedSubjectDer } from '../../src-main/lifecycle/changed-subject';
import { checkIssuedCertificate } from '../../src-main/lifecycle/issued-certificate-check';
import { createCmpTestPki, pemFileToDer, randomSerial } from '../helpers/cmp-test-pki';

const dir = mkdtempSync(path.join(os.tmpdir(), 'yikey-change-subject-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pki = createCmpTestPki(dir);
const base = '/C=CN/O=Hospital/OU=Pharmacy/CN=Wu/serialNumber=110101198201011233';
const current = pki.issueHolder('current', base);

/** The Name as type=value lines, whatever string type encodes the values. */
function attributesOf(der: Uint8Array): string[] {
  return AsnConvert.parse(der, Name).flatMap((rdn) =>
    rdn.map((attribute) => `${attribute.type}=${attribute.value.toString()}`),
  );
}

describe('changedSubjectDer', () => {
  it('replaces the department and keeps everything else in order', () => {
    expect(attributesOf(changedSubjectDer(current.certDer, { department: 'Cardiology' }))).toEqual([
      '2.5.4.6=CN',
      '2.5.4.10=Hospital',
      '2.5.4.11=Cardiology',
      '2.5.4.3=Wu',
      '2.5.4.5=110101198201011233',
    ]);
  });

  it('adds a department that was missing before the name, and changes name and ID number', () => {
    const plain = pki.issueHolder('plain', '/C=CN/O=Hospital/CN=Wu/serialNumber=110101198201011233');
    expect(
      attributesOf(
        changedSubjectDer(plain.certDer, {
          department: '心内科',
          commonName: '吴十',
          idNumber: '11010119820101123x',
        }),
      ),
    ).toEqual([
      '2.5.4.6=CN',
      '2.5.4.10=Hospital',
      '2.5.4.11=心内科',
      '2.5.4.3=吴十',
      '2.5.4.5=11010119820101123X',
    ]);
  });

  it('refuses a change that changes nothing, an empty one, a bad ID number and control characters', () => {
    expect(() => changedSubjectDer(current.certDer, { department: 'Pharmacy' })).toThrow(/nothing to change/);
    expect(() => changedSubjectDer(current.certDer, {})).toThrow(/at least one detail/);
    expect(() => changedSubjectDer(current.certDer, { idNumber: '12345' })).toThrow(/18 characters/);
    expect(() => changedSubjectDer(current.certDer, { commonName: 'Wu\u0000Li' })).toThrow(/printable/);
    expect(() => changedSubjectDer(current.certDer, { commonName: 'x'.repeat(65) })).toThrow(/1 to 64/);
  });
});

describe('checkIssuedCertificate for a change', () => {
  const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const nextPem = next.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const nextSpki = new Uint8Array(next.publicKey.export({ type: 'spki', format: 'der' }));
  const expectedSubjectDer = changedSubjectDer(current.certDer, { department: 'Cardiology' });
  const check = (subject: string) =>
    checkIssuedCertificate({
      certificateDer: pemFileToDer(
        pki.issueForPublicKey(`c-${randomSerial()}`, nextPem, subject, randomSerial()),
      ),
      newPublicKeySpki: nextSpki,
      oldCertificateDer: current.certDer,
      expectedSubjectDer,
      trustedDer: [pki.caDer],
      candidateDer: [],
      at: new Date(),
    });

  it('installs a certificate with the requested subject', async () => {
    await expect(
      check('/C=CN/O=Hospital/OU=Cardiology/CN=Wu/serialNumber=110101198201011233'),
    ).resolves.toBeUndefined();
  });

  it('refuses the old details and someone else', async () => {
    await expect(check(base)).rejects.toMatchObject({ code: 'cmp-certificate-mismatch' });
    await expect(
      check('/C=CN/O=Hospital/OU=Cardiology/CN=Li/serialNumber=110101198201011233'),
    ).rejects.toThrow(/someone other/);
  });
});
