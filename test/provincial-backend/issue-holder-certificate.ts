// Issues a certificate from this backend's CA and records it as a holder's current one: the
// demo seed and the workflow tests both start from a holder who already has a certificate.
import type { Name } from '@peculiar/asn1-x509';

import type { BackendParts } from './backend-app';
import { describeName } from './ca/holder-profile';
import type { IssuedCertificate } from './ca/certificate-authority';
import type { CertificateRecord } from './store/certificates';

/** Issues for `subjectPublicKeyInfo` (DER) and stores it as issued here, with no request behind it. */
export function issueHolderCertificate(
  parts: Pick<BackendParts, 'service' | 'ca'>,
  holderId: number,
  subject: Name,
  subjectPublicKeyInfo: Buffer,
): { issued: IssuedCertificate; record: CertificateRecord } {
  const { service, ca } = parts;
  if (!ca) throw new Error('This backend runs without a CA: it cannot issue certificates.');
  const issued = ca.issue(subject, subjectPublicKeyInfo, null);
  const record = service.certificates.add({
    serialHex: issued.serialHex,
    holderId,
    subject: describeName(subject),
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
    der: issued.der,
    issuedHere: true,
    requestId: null,
  });
  return { issued, record };
}
