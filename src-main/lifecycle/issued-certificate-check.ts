// Before anything is written to the key: the issued certificate must be for the new key on the
// token, name the same holder as the certificate it replaces, and chain to a trusted CA now.
// A certificate for another key, or for someone else, is never installed.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate, Name } from '@peculiar/asn1-x509';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { buildCertificateChain } from '../certs/certificate-chain';
import { CmpError } from '../cmp/cmp-error';

export interface IssuedCertificateInput {
  certificateDer: Uint8Array;
  newPublicKeySpki: Uint8Array;
  /** The certificate it replaces; absent for a re-issue (补办), whose holder the backend names. */
  oldCertificateDer?: Uint8Array;
  /** A change (变更): the subject asked for, which the certificate must carry instead of the old one. */
  expectedSubjectDer?: Uint8Array;
  trustedDer: Uint8Array[];
  /** caPubs and extraCerts of the answer: possible intermediates, not trusted by being there. */
  candidateDer: Uint8Array[];
  at: Date;
}

export async function checkIssuedCertificate(input: IssuedCertificateInput): Promise<void> {
  let issued: Certificate;
  try {
    issued = AsnConvert.parse(input.certificateDer, Certificate);
  } catch {
    throw mismatch('The issued certificate is not a readable X.509 certificate', 'unreadable');
  }
  const issuedKey = new Uint8Array(AsnSerializer.serialize(issued.tbsCertificate.subjectPublicKeyInfo));
  if (!sameKey(issuedKey, input.newPublicKeySpki))
    throw mismatch('The issued certificate is not for the new key on the USBKEY', 'public-key');
  if (
    input.expectedSubjectDer
      ? !sameName(issued.tbsCertificate.subject, AsnConvert.parse(input.expectedSubjectDer, Name))
      : input.oldCertificateDer
        ? !sameHolder(input.certificateDer, input.oldCertificateDer)
        : issued.tbsCertificate.subject.length === 0
  )
    throw mismatch('The issued certificate names someone other than the current holder', 'subject');
  const chain = await buildCertificateChain({
    certificateDer: input.certificateDer,
    trustedDer: input.trustedDer,
    candidateDer: input.candidateDer,
    at: input.at,
  });
  if (chain.status !== 'trusted')
    throw mismatch(`The issued certificate does not chain to a trusted CA (${chain.status})`, 'chain');
}

function mismatch(message: string, reason: string): CmpError {
  return new CmpError('cmp-certificate-mismatch', message, [], { reason });
}

/** Same key whatever the encoding details (e.g. RSA parameters NULL or absent). */
function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  // Byte-equal first: Node's crypto may not read every key type (SM2 in some OpenSSL builds).
  if (Buffer.from(a).equals(b)) return true;
  try {
    const left = createPublicKey({ key: Buffer.from(a), format: 'der', type: 'spki' });
    const right = createPublicKey({ key: Buffer.from(b), format: 'der', type: 'spki' });
    return left.equals(right);
  } catch {
    return false;
  }
}

/**
 * Same attributes with the same values, in the same order. A CA may re-encode the name (e.g.
 * PrintableString as UTF8String under its profile), so the DER bytes may differ.
 */
function sameHolder(issuedDer: Uint8Array, oldDer: Uint8Array): boolean {
  return new X509Certificate(issuedDer).subject === new X509Certificate(oldDer).subject;
}

/** Same attribute types and values in the same order, whatever string type encodes them. */
function sameName(a: Name, b: Name): boolean {
  const flat = (name: Name) =>
    name.flatMap((rdn) => rdn.map((attribute) => `${attribute.type}=${attribute.value.toString()}`));
  return JSON.stringify(flat(a)) === JSON.stringify(flat(b));
}
