// The local test CA that issues holder certificates for virtual keys. Created once per home;
// it stands in for the provincial CA and must never be trusted outside tests and demos.
import { webcrypto, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { x509 } from './x509-runtime';

import { homePaths } from './paths';

const caAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 24 * 60 * 60 * 1000;

export type TestCa = { certificate: x509.X509Certificate; privateKey: CryptoKey };

/**
 * A positive 16-byte certificate serial number in hex. The first byte is 0x01–0x7f: positive, and
 * never a leading zero, which DER forbids and OpenSSL 3 refuses ("Could not read certificate",
 * once in 256 certificates, when the serial is encoded as given).
 */
export const randomSerialNumber = (): string => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
};

export async function ensureTestCa(home: string): Promise<TestCa> {
  const { caKey, caCert } = homePaths(home);
  if (existsSync(caKey) && existsSync(caCert)) {
    const certificate = new x509.X509Certificate(readFileSync(caCert, 'utf8'));
    const der = x509.PemConverter.decodeFirst(readFileSync(caKey, 'utf8'));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', der, caAlgorithm, false, ['sign']);
    return { certificate, privateKey };
  }
  const keys = await webcrypto.subtle.generateKey(caAlgorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ C: ['CN'] }, { O: ['YiKey 测试CA'] }, { CN: ['YiKey Test CA'] }],
    notBefore: new Date(now - dayMs),
    notAfter: new Date(now + 3650 * dayMs),
    signingAlgorithm: caAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  writeFileSync(caKey, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), { mode: 0o600 });
  writeFileSync(caCert, certificate.toString('pem'));
  return { certificate, privateKey: keys.privateKey };
}

export type HolderSubject = { commonName: string; organization: string; unit?: string; idNumber: string };
export type CertificatePurpose = 'sign' | 'encrypt';

/** How long a holder certificate is valid, and whether it is shifted out of "now" (for tests). */
export type CertificateValidity = { days: number; expiredDaysAgo?: number; startsInDays?: number };

/**
 * Normally valid from yesterday for `days`; an expired certificate ends `expiredDaysAgo` days ago
 * and a not-yet-valid one starts `startsInDays` from now, each still `days` long, so tests can
 * show the holder both states a real key can be in.
 */
export function validityPeriod(
  validity: CertificateValidity,
  now: number,
): { notBefore: Date; notAfter: Date } {
  const length = validity.days * dayMs;
  if (validity.expiredDaysAgo !== undefined) {
    const notAfter = now - validity.expiredDaysAgo * dayMs;
    return { notBefore: new Date(notAfter - length), notAfter: new Date(notAfter) };
  }
  if (validity.startsInDays !== undefined) {
    const notBefore = now + validity.startsInDays * dayMs;
    return { notBefore: new Date(notBefore), notAfter: new Date(notBefore + length) };
  }
  return { notBefore: new Date(now - dayMs), notAfter: new Date(now + length) };
}

// Chinese values are encoded as UTF8String, ASCII ones as PrintableString (by @peculiar/x509).
function holderName(subject: HolderSubject): x509.JsonName {
  const name: x509.JsonName = [{ C: ['CN'] }, { O: [subject.organization] }];
  if (subject.unit) name.push({ OU: [subject.unit] });
  name.push({ CN: [subject.commonName] }, { '2.5.4.5': [subject.idNumber] }); // serialNumber attribute
  return name;
}

/** Issues a holder certificate for a public key (SPKI DER) that lives on a token. */
export async function issueHolderCertificate(
  ca: TestCa,
  subject: HolderSubject,
  spki: Buffer,
  options: CertificateValidity & { purpose: CertificatePurpose; algorithm: 'rsa-2048' | 'p-256' },
): Promise<x509.X509Certificate> {
  const importAlgorithm =
    options.algorithm === 'rsa-2048'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  const publicKey = await webcrypto.subtle.importKey('spki', new Uint8Array(spki), importAlgorithm, true, [
    'verify',
  ]);
  const usage =
    options.purpose === 'sign'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
      : options.algorithm === 'rsa-2048'
        ? x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment
        : x509.KeyUsageFlags.keyAgreement;
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: holderName(subject),
    issuer: ca.certificate.subjectName,
    ...validityPeriod(options, Date.now()),
    signingAlgorithm: caAlgorithm,
    publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.emailProtection,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
}
