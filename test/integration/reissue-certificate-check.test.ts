// 补办: the check before a re-issued certificate is written to the key, with no old certificate
// to compare with — it must be for the new key, name someone (a non-empty subject) and chain to
// the trust store now; the holder it names is the backend's to choose (the MAC on the answer
// ties it to the reference number). Certificates made by the OpenSSL CLI.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIssuedCertificate } from '../../src-main/lifecycle/issued-certificate-check';
import { createCmpTestPki, pemFileToDer, randomSerial } from '../helpers/cmp-test-pki';

const dir = mkdtempSync(path.join(os.tmpdir(), 'yikey-reissue-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pki = createCmpTestPki(dir);
mkdirSync(path.join(dir, 'other'));
const otherPki = createCmpTestPki(path.join(dir, 'other'));
const subject = '/C=CN/O=Hospital/OU=Pharmacy/CN=Wu/serialNumber=110101198201011233';

function newKey() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  };
}

describe('checkIssuedCertificate for a re-issue (no old certificate)', () => {
  const key = newKey();
  const check = (certificateDer: Uint8Array) =>
    checkIssuedCertificate({
      certificateDer,
      newPublicKeySpki: key.spki,
      trustedDer: [pki.caDer],
      candidateDer: [],
      at: new Date(),
    });
  const issued = (from = pki, publicKeyPem = key.pem, name = subject) =>
    pemFileToDer(from.issueForPublicKey(`r-${randomSerial()}`, publicKeyPem, name, randomSerial()));

  it('accepts a certificate for the new key from the trusted CA', async () => {
    await expect(check(issued())).resolves.toBeUndefined();
  });

  it('refuses one for another key, one from another CA, and one that names nobody', async () => {
    await expect(check(issued(pki, newKey().pem))).rejects.toThrow(/not for the new key/);
    await expect(check(issued(otherPki))).rejects.toThrow(/does not chain/);
    await expect(check(issued(pki, key.pem, '/'))).rejects.toThrow(/someone other/);
  });
});
