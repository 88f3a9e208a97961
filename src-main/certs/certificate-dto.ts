// A plain, JSON-serialisable view of one X.509 certificate: what the holder UI, the CLI and
// the signature verifier show. Everything is computed from the DER and the clock passed in.
import type { CertificateView } from '../contract/holder-api-schemas';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describeName } from './distinguished-name';
import { DEFAULT_RENEWAL_WINDOW_DAYS, expiryStatus } from './expiry-status';
import { sha256Fingerprint } from './fingerprint';
import { extendedKeyUsageNames, signatureAlgorithmNames } from './oid-names';
import { describePublicKey } from './public-key-info';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from './x509-runtime';

/** The wire shape, declared once in the contract (certificateViewSchema). */
export type CertificateDto = CertificateView;

export interface DescribeCertificateOptions {
  now: Date;
  renewalWindowDays?: number;
}

// Ordered as in RFC 5280 §4.2.1.3 so the list reads the same for every certificate.
const keyUsageOrder: readonly (keyof typeof KeyUsageFlags)[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function keyUsageNames(certificate: X509Certificate): string[] | null {
  const extension = certificate.getExtension(KeyUsagesExtension);
  if (!extension) return null;
  return keyUsageOrder.filter((name) => (extension.usages & KeyUsageFlags[name]) !== 0);
}

function extendedKeyUsageList(certificate: X509Certificate): string[] | null {
  const extension = certificate.getExtension(ExtendedKeyUsageExtension);
  if (!extension) return null;
  return extension.usages.map((oid) => extendedKeyUsageNames[String(oid)] ?? String(oid));
}

/** Many CAs put the holder's e-mail only in subjectAltName; show it when the DN has none. */
function subjectAltEmail(certificate: X509Certificate): string | null {
  const extension = certificate.getExtension(SubjectAlternativeNameExtension);
  return extension?.names.items.find((name) => name.type === 'email')?.value ?? null;
}

function normaliseSerial(hex: string): string {
  const upper = hex.toUpperCase().replace(/^(00)+(?=..)/, '');
  return upper.length % 2 === 1 ? `0${upper}` : upper;
}

/** Throws when the bytes are not a DER certificate; use readCertificate for a non-throwing form. */
export function describeCertificate(der: Uint8Array, options: DescribeCertificateOptions): CertificateDto {
  const certificate = new X509Certificate(der);
  const key = describePublicKey(new Uint8Array(certificate.publicKey.rawData));
  // Read the OID from the ASN.1 structure: the library's signatureAlgorithm getter maps to
  // WebCrypto and throws for algorithms it does not know (SM2-with-SM3).
  const sigAlgOid = AsnConvert.parse(der, Certificate).signatureAlgorithm.algorithm;
  const expiry = expiryStatus(
    { notBefore: certificate.notBefore, notAfter: certificate.notAfter },
    options.now,
    options.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS,
  );
  const subject = describeName(certificate.subjectName);
  return {
    subject: { ...subject, email: subject.email ?? subjectAltEmail(certificate) },
    issuer: describeName(certificate.issuerName),
    serialNumber: normaliseSerial(certificate.serialNumber),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    daysLeft: expiry.daysLeft,
    status: expiry.status,
    ...key,
    signatureAlgorithm: signatureAlgorithmNames[sigAlgOid] ?? sigAlgOid,
    signatureAlgorithmOid: sigAlgOid,
    keyUsage: keyUsageNames(certificate),
    extendedKeyUsage: extendedKeyUsageList(certificate),
    sha256Fingerprint: sha256Fingerprint(der),
    isCa: certificate.getExtension(BasicConstraintsExtension)?.ca === true,
  };
}
