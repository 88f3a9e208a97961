// The backend's CA on a SoftHSM token, checked with OpenSSL: the CA key is on the token and not
// extractable (pkcs11-tool), a holder certificate has the health-sector profile, lasts one year
// and passes `openssl verify`; the CRL verifies against the CA and lists the revoked serial
// with its reason; reopening the data folder keeps the same CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { p256Sha256 } from '../../provincial-backend/ca/ca-key-algorithm';
import { CaToken } from '../../provincial-backend/ca/ca-token';
import { CertificateAuthority, toPem } from '../../provincial-backend/ca/certificate-authority';
import { holderName } from '../../provincial-backend/ca/holder-profile';
import { softhsmLibraryPath } from '../../../native/vusbkey/control/paths';

let dataDir: string;
let token: CaToken;
let ca: CertificateAuthority;
const openssl = (args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'backend-ca-'));
  token = CaToken.open(dataDir, p256Sha256);
  ca = CertificateAuthority.open(token, dataDir);
});
afterAll(() => {
  token.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function holderKey(kind: 'rsa' | 'ec'): Buffer {
  const keyFile = path.join(dataDir, `holder-${kind}.key`);
  openssl(
    kind === 'rsa'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile]
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile],
  );
  return execFileSync('openssl', ['pkey', '-in', keyFile, '-pubout', '-outform', 'DER']);
}

describe('backend CA on a SoftHSM token', () => {
  it.each(['rsa', 'ec'] as const)('issues a one-year %s holder certificate that openssl verifies', (kind) => {
    const subject = holderName({
      commonName: '张三',
      organization: '某某市第一人民医院',
      unit: '心内科',
      idNumber: '110101198503151234',
    });
    const issued = ca.issue(subject, holderKey(kind), 'http://127.0.0.1:1/crl', new Date());
    const certFile = path.join(dataDir, `issued-${kind}.pem`);
    writeFileSync(certFile, toPem(issued.der, 'CERTIFICATE'));
    expect(openssl(['verify', '-CAfile', path.join(dataDir, 'ca', 'ca.cert.pem'), certFile]).trim()).toBe(
      `${certFile}: OK`,
    );
    const text = openssl([
      'x509',
      '-in',
      certFile,
      '-noout',
      '-text',
      '-nameopt',
      'utf8,sep_comma_plus_space',
    ]);
    expect(text).toContain(
      'Subject: C=CN, O=某某市第一人民医院, OU=心内科, CN=张三, serialNumber=110101198503151234',
    );
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/E-mail Protection, TLS Web Client Authentication/);
    expect(text).toContain('URI:http://127.0.0.1:1/crl');
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(365 * 86_400_000);
  });

  it('publishes a CRL that openssl verifies, with the serial and its reason', () => {
    const issued = ca.issue(
      holderName({ commonName: '李四', organization: 'X', idNumber: '1' }),
      holderKey('ec'),
      null,
    );
    const crlFile = path.join(dataDir, 'crl.der');
    writeFileSync(
      crlFile,
      ca.crl([{ serialHex: issued.serialHex, revokedAt: new Date().toISOString(), reason: 1 }], 7),
    );
    const text = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      crlFile,
      '-CAfile',
      path.join(dataDir, 'ca', 'ca.cert.pem'),
      '-noout',
      '-text',
    ]);
    expect(text).toContain(`Serial Number: ${issued.serialHex.toUpperCase()}`);
    expect(text).toContain('Key Compromise');
    expect(text).toMatch(/X509v3 CRL Number:\s+7/);
  });

  it('keeps its key on the token, private, sensitive and not extractable (pkcs11-tool)', () => {
    const listing = execFileSync(
      'pkcs11-tool',
      [
        '--module',
        softhsmLibraryPath(),
        '--token-label',
        'YiKey backend CA',
        '--login',
        '--pin',
        readFileSync(path.join(dataDir, 'ca-token', 'user-pin'), 'utf8'),
        '--list-objects',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, SOFTHSM2_CONF: path.join(dataDir, 'ca-token', 'softhsm2.conf') },
      },
    );
    const privateKey = listing.split(/\n(?=\S)/).find((block) => block.startsWith('Private Key Object'))!;
    expect(privateKey).toContain('ca-signing-key');
    expect(privateKey).toMatch(/Access:\s+sensitive, always sensitive, never extractable/);
  });

  it('reopens the same CA from the data folder', () => {
    const again = CertificateAuthority.open(token, dataDir);
    expect(again.certificateDer.equals(ca.certificateDer)).toBe(true);
  });
});
