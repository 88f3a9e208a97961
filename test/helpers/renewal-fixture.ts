// What the renewal tests need around a virtual USBKEY: the CMP mock server's certificate from
// the virtual key's test CA, and "the CA issues the renewed certificate" — a certificate for a
// public key read from the token by pkcs11-tool, for the holder of the old certificate, under
// the old serial number (the OpenSSL 3.0 mock checks kur's oldCertID against its -rsp_cert).
import { webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestCa } from '../../native/vusbkey/control/test-ca';
import { x509 } from '../../native/vusbkey/control/x509-runtime';
import { openssl } from './cmp-test-pki';
import { pkcs11Tool } from './pkcs11-tool';
import type { VirtualKeyHome } from './vusbkey-fixture';

// Re-exported: the renewal tests import it from here.
export { pkcs11Tool };

/** The CMP server's key and certificate (P-256), issued by the virtual key's test CA. */
export function mockServerCredentials(
  keys: VirtualKeyHome,
  dir: string,
): { certPath: string; keyPath: string } {
  const keyPath = join(dir, 'cmp-server.key');
  const certPath = join(dir, 'cmp-server.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath], dir);
  openssl(
    ['req', '-new', '-key', keyPath, '-subj', '/O=YiKey Test/CN=CMP mock server', '-out', `${certPath}.csr`],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${certPath}.csr`,
      '-CA',
      keys.caPath,
      '-CAkey',
      join(keys.home, 'ca', 'ca.key.pem'),
    ].concat(['-set_serial', '0x7e57', '-days', '30', '-out', certPath]),
    dir,
  );
  return { certPath, keyPath };
}

/** The renewed certificate for the key pair with `keyIdHex` on the token, one year, as PEM. */
export async function issueRenewedCertificate(
  keys: VirtualKeyHome,
  options: { tokenLabel: string; pin: string; keyIdHex: string; oldCertificatePem: string; outPath: string },
): Promise<string> {
  const publicKeyPath = `${options.outPath}.pub.der`;
  pkcs11Tool(keys, [
    ...['--token-label', options.tokenLabel, '--login', '--pin', options.pin],
    ...['--read-object', '--type', 'pubkey', '--id', options.keyIdHex, '--output-file', publicKeyPath],
  ]);
  const ca = await ensureTestCa(keys.home);
  const old = new NodeCertificate(options.oldCertificatePem);
  const publicKey = await webcrypto.subtle.importKey(
    'spki',
    readFileSync(publicKeyPath),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  );
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: old.serialNumber,
    subject: new x509.X509Certificate(old.raw).subjectName,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 24 * 3600 * 1000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  writeFileSync(options.outPath, certificate.toString('pem'));
  return options.outPath;
}
