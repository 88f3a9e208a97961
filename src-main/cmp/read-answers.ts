// What a checked answer says, in plain values: an issued certificate, "waiting, ask again in N
// seconds" with the CA's reason, a rejection with its words, a revocation result.
import { AsnSerializer } from '@peculiar/asn1-schema';
import type { CertRepMessage, InfoTypeAndValue } from './asn1/cmp';
import { rejection } from './answer-check';
import { CmpError } from './cmp-error';
import type { DecodedMessage } from './message-codec';
import { PkiStatus } from './pki-status';

export type EnrollmentOutcome =
  | {
      kind: 'issued';
      certificateDer: Uint8Array;
      caPubs: Uint8Array[];
      extraCerts: Uint8Array[];
      statusText: string[];
    }
  | { kind: 'waiting'; checkAfterSeconds: number; statusText: string[] };

/** ip/cp/kup (status waiting or accepted) or pollRep for the request with `certReqId`. */
export function readEnrollmentAnswer(decoded: DecodedMessage, certReqId = 0): EnrollmentOutcome {
  const body = decoded.message.body;
  if (body.pollRep) {
    const entry = body.pollRep.find((item) => item.certReqId === certReqId);
    if (!entry) throw new CmpError('cmp-malformed', `pollRep has no entry for certReqId ${certReqId}`);
    return {
      kind: 'waiting',
      checkAfterSeconds: clampCheckAfter(entry.checkAfter),
      statusText: [...(entry.reason ?? [])],
    };
  }
  const content: CertRepMessage | undefined = body.ip ?? body.cp ?? body.kup;
  if (!content) throw new CmpError('cmp-unexpected-body', `${decoded.kind} is not a certificate response`);
  const response = content.response.find((item) => item.certReqId === certReqId);
  if (!response || content.response.length !== 1)
    throw new CmpError(
      'cmp-malformed',
      `The certificate response does not answer exactly certReqId ${certReqId}`,
    );
  const statusText = [...(response.status.statusString ?? [])];
  if (response.status.status === PkiStatus.waiting)
    return { kind: 'waiting', checkAfterSeconds: 0, statusText };
  if (response.status.status !== PkiStatus.accepted && response.status.status !== PkiStatus.grantedWithMods)
    throw rejection(response.status);
  const certificate = response.certifiedKeyPair?.certOrEncCert.certificate;
  if (!certificate) throw new CmpError('cmp-malformed', 'The certificate response carries no certificate');
  return {
    kind: 'issued',
    certificateDer: new Uint8Array(certificate),
    caPubs: (content.caPubs ?? []).map((cert) => new Uint8Array(cert)),
    extraCerts: (decoded.message.extraCerts ?? []).map((cert) => new Uint8Array(cert)),
    statusText,
  };
}

/** The certificate an rr asked to revoke: an rp that names another one is not about ours. */
export interface RevokedCertificate {
  issuerDer: Uint8Array;
  serialNumber: Uint8Array;
}

/** rp: accepted, or a rejection carrying the server's words. */
export function readRevocationAnswer(
  decoded: DecodedMessage,
  revoked?: RevokedCertificate,
): { statusText: string[] } {
  const status = decoded.message.body.rp?.status;
  if (!status || status.length !== 1) throw new CmpError('cmp-malformed', 'rp must carry exactly one status');
  const revCerts = decoded.message.body.rp?.revCerts;
  // revCerts is optional (RFC 4210 §5.3.10); when present it must name exactly our certificate,
  // or an "accepted" would make YiKey remove a key whose certificate was not revoked.
  if (revoked && revCerts && !(revCerts.length === 1 && namesCertificate(revCerts[0]!, revoked)))
    throw new CmpError('cmp-malformed', 'The revocation answer names a certificate other than ours');
  const [info] = status;
  if (info!.status === PkiStatus.waiting) return { statusText: [...(info!.statusString ?? [])] };
  if (info!.status !== PkiStatus.accepted && info!.status !== PkiStatus.grantedWithMods)
    throw rejection(info!);
  return { statusText: [...(info!.statusString ?? [])] };
}

export function readGeneralAnswer(decoded: DecodedMessage): InfoTypeAndValue[] {
  const items = decoded.message.body.genp;
  if (!items) throw new CmpError('cmp-unexpected-body', `${decoded.kind} is not genp`);
  return [...items];
}

function namesCertificate(
  certId: NonNullable<NonNullable<DecodedMessage['message']['body']['rp']>['revCerts']>[number],
  revoked: RevokedCertificate,
): boolean {
  const issuer = certId.issuer.directoryName;
  return (
    issuer !== undefined &&
    Buffer.from(AsnSerializer.serialize(issuer)).equals(Buffer.from(revoked.issuerDer)) &&
    withoutLeadingZeros(new Uint8Array(certId.serialNumber)).equals(withoutLeadingZeros(revoked.serialNumber))
  );
}

function withoutLeadingZeros(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start));
}

/**
 * Between 1 s and a day, as for a PIN unlock: a backend cannot make YiKey poll in a loop, never
 * again, or past the end of time (a huge checkAfter made the next poll's date invalid).
 */
export function clampCheckAfter(value: number | undefined): number {
  const seconds = Number(value ?? 60);
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 1), 86_400) : 60;
}
