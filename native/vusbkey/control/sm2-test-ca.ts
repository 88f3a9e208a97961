// The local SM2 test CA: issues SM2/SM3 holder certificates (signature algorithm SM2-with-SM3,
// 1.2.156.10197.1.501) for SM2 keys on virtual keys. Neither WebCrypto nor @peculiar/x509 can
// sign with SM2, so the certificate is assembled here and its TBSCertificate is signed by the
// OpenSSL CLI with the GM/T 0009 default user ID: `openssl dgst -sm3 -sign … -sigopt
// distid:1234567812345678` computes e = SM3(Z ‖ TBS) with that ID (OpenSSL 3.0 would otherwise
// use an EMPTY ID). Verify a chain with `openssl verify -vfyopt distid:1234567812345678`.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Certificate,
  Extension,
  Extensions,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

import { homePaths, VusbkeyError } from './paths';
import {
  randomSerialNumber,
  validityPeriod,
  type CertificatePurpose,
  type CertificateValidity,
  type HolderSubject,
} from './test-ca';
import { x509 } from './x509-runtime';

export const sm2DefaultUserId = '1234567812345678';
const sm2WithSm3 = '1.2.156.10197.1.501';
const dayMs = 24 * 60 * 60 * 1000;
const caName: x509.JsonName = [{ C: ['CN'] }, { O: ['YiKey 测试CA'] }, { CN: ['YiKey SM2 Test CA'] }];

export type Sm2TestCa = { certificate: x509.X509Certificate; keyPath: string };

function openssl(args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (failure.code === 'ENOENT') throw new VusbkeyError('openssl not found: apt-get install openssl');
    throw new VusbkeyError(
      `openssl ${args[0]} failed: ${failure.stderr?.toString().trim() || failure.message}`,
    );
  }
}

/** SM2 signature (DER SEQUENCE { r, s }) over SM3(Z ‖ data), Z with the default user ID. */
function signWithCaKey(keyPath: string, data: Buffer): Buffer {
  return openssl(['dgst', '-sm3', '-sign', keyPath, '-sigopt', `distid:${sm2DefaultUserId}`], data);
}

/** RFC 5280 key identifier: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): string {
  const parsed = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(parsed.subjectPublicKey)).digest('hex');
}

const toExtension = (extension: x509.Extension): Extension => AsnConvert.parse(extension.rawData, Extension);
const toName = (name: x509.JsonName | x509.Name): Name =>
  AsnConvert.parse((name instanceof x509.Name ? name : new x509.Name(name)).toArrayBuffer(), Name);

type CertificateFields = {
  subject: Name;
  issuer: Name;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
};

function signCertificate(keyPath: string, fields: CertificateFields): x509.X509Certificate {
  const algorithm = new AlgorithmIdentifier({ algorithm: sm2WithSm3 }); // parameters absent, as OpenSSL writes it
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(Buffer.from(randomSerialNumber(), 'hex')).buffer,
    signature: algorithm,
    issuer: fields.issuer,
    validity: new Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject: fields.subject,
    subjectPublicKeyInfo: AsnConvert.parse(fields.spki, SubjectPublicKeyInfo),
    extensions: new Extensions(fields.extensions.map(toExtension)),
  });
  const signature = signWithCaKey(keyPath, Buffer.from(AsnConvert.serialize(tbsCertificate)));
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return new x509.X509Certificate(AsnConvert.serialize(certificate));
}

/** The SM2 CA of this home (ca/sm2-ca.*.pem), created on first use. */
export function ensureSm2TestCa(home: string): Sm2TestCa {
  const { sm2CaKey, sm2CaCert } = homePaths(home);
  if (existsSync(sm2CaKey) && existsSync(sm2CaCert))
    return { certificate: new x509.X509Certificate(readFileSync(sm2CaCert, 'utf8')), keyPath: sm2CaKey };
  rmSync(sm2CaKey, { force: true });
  const keyArgs = [
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:SM2',
    '-pkeyopt',
    'ec_param_enc:named_curve',
  ];
  openssl(['genpkey', ...keyArgs, '-out', sm2CaKey]);
  const spki = openssl(['pkey', '-in', sm2CaKey, '-pubout', '-outform', 'DER']);
  const now = Date.now();
  const name = toName(caName);
  const certificate = signCertificate(sm2CaKey, {
    subject: name,
    issuer: name,
    spki,
    notBefore: new Date(now - dayMs),
    notAfter: new Date(now + 3650 * dayMs),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki)),
    ],
  });
  openssl(['x509', '-inform', 'DER', '-out', sm2CaCert], Buffer.from(certificate.rawData));
  return { certificate, keyPath: sm2CaKey };
}

// Chinese values are encoded as UTF8String, ASCII ones as PrintableString (by @peculiar/x509).
function holderName(subject: HolderSubject): x509.JsonName {
  const name: x509.JsonName = [{ C: ['CN'] }, { O: [subject.organization] }];
  if (subject.unit) name.push({ OU: [subject.unit] });
  name.push({ CN: [subject.commonName] }, { '2.5.4.5': [subject.idNumber] });
  return name;
}

/**
 * An SM2/SM3 holder certificate for an SM2 public key (SPKI DER) on a token. The signing
 * certificate of a dual pair has digitalSignature + nonRepudiation, the encryption one
 * keyEncipherment + dataEncipherment, as Chinese CAs issue them.
 */
export function issueSm2HolderCertificate(
  ca: Sm2TestCa,
  subject: HolderSubject,
  spki: Buffer,
  options: CertificateValidity & { purpose: CertificatePurpose },
): x509.X509Certificate {
  const usage =
    options.purpose === 'sign'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
      : x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment;
  const caSpki = Buffer.from(ca.certificate.publicKey.rawData);
  return signCertificate(ca.keyPath, {
    subject: toName(holderName(subject)),
    issuer: toName(ca.certificate.subjectName),
    spki,
    ...validityPeriod(options, Date.now()),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.emailProtection,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki)),
      new x509.AuthorityKeyIdentifierExtension(keyIdentifier(caSpki)),
    ],
  });
}
