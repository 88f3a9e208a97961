// What a checked answer says, in plain values: an issued certificate, "waiting, ask again in N
// seconds" with the CA's reason, a rejection with its words, a revocation result.
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
      checkAfterSeconds: Math.max(0, Number(entry.checkAfter)),
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

/** rp: accepted, or a rejection carrying the server's words. */
export function readRevocationAnswer(decoded: DecodedMessage): { statusText: string[] } {
  const status = decoded.message.body.rp?.status;
  if (!status || status.length !== 1) throw new CmpError('cmp-malformed', 'rp must carry exactly one status');
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
