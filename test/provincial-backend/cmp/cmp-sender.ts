// Who sent a CMP message, proven before any request field is acted on: a holder whose current
// certificate (issued or imported here, not revoked, in its validity) signed it, or a holder's
// one-time authorisation code (MAC, reference number in senderKID).
import { X509Certificate } from 'node:crypto';

import {
  CmpError,
  protectionKind,
  verifyMacProtection,
  verifySignatureProtection,
  type DecodedMessage,
} from '../../../src-main/cmp/index';
import type { AuthorisationCodeRecord } from '../store/authorisation-codes';
import type { CertificateRecord } from '../store/certificates';
import type { Holder } from '../store/people';
import type { BackendService } from '../workflow/backend-service';

export type CmpSender =
  | { kind: 'signature'; holder: Holder; certificate: CertificateRecord }
  | { kind: 'mac'; holder: Holder; code: AuthorisationCodeRecord; secret: Buffer };

export function authenticateSender(
  service: BackendService,
  decoded: DecodedMessage,
  now = new Date(),
): CmpSender {
  const kind = protectionKind(decoded);
  if (kind === 'none') throw new CmpError('cmp-protection-missing', 'The message is not protected');
  if (kind === 'mac') {
    const kid = decoded.message.header.senderKID;
    const reference = kid ? Buffer.from(kid).toString('utf8') : '';
    const code = /^\d{1,20}$/.test(reference) ? service.authorisationCodes.byReference(reference) : undefined;
    const secret = code && service.authorisationCodes.secretOf(reference);
    if (!code || !secret) throw new CmpError('cmp-protection-invalid', 'Unknown reference number');
    verifyMacProtection(decoded, secret);
    return { kind, holder: service.people.holder(code.holderId)!, code, secret };
  }
  const [first] = decoded.message.extraCerts ?? [];
  if (!first)
    throw new CmpError('cmp-protection-invalid', 'The signer certificate is missing from extraCerts');
  const der = Buffer.from(first);
  let serial: string;
  try {
    serial = new X509Certificate(der).serialNumber;
  } catch {
    throw new CmpError('cmp-protection-invalid', 'The signer certificate is not readable');
  }
  const certificate = service.certificates.bySerial(serial);
  // The very certificate on record, byte for byte: a look-alike with the same serial is not it.
  if (!certificate || !certificate.der.equals(der))
    throw new CmpError('cmp-protection-invalid', 'The signer certificate was not issued by this CA');
  if (certificate.status !== 'valid' && !revokedByThisTransaction(service, decoded, certificate.id))
    throw new CmpError('cmp-protection-invalid', 'The signer certificate is revoked');
  if (Date.parse(certificate.notAfter) < now.getTime() || Date.parse(certificate.notBefore) > now.getTime())
    throw new CmpError('cmp-protection-invalid', 'The signer certificate is not valid now');
  verifySignatureProtection(decoded, der);
  return { kind, holder: service.people.holder(certificate.holderId)!, certificate };
}

/**
 * The follow-up messages (pollReq) of the revocation that revoked this very certificate are
 * still signed with it: the holder must be able to learn that the revocation is done.
 */
function revokedByThisTransaction(
  service: BackendService,
  decoded: DecodedMessage,
  certificateId: number,
): boolean {
  const id = decoded.message.header.transactionID;
  const request = id ? service.requests.byTransaction(Buffer.from(id).toString('hex')) : undefined;
  return request?.kind === 'revoke' && request.certificateId === certificateId;
}
