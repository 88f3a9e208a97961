// Bodies of the messages a client sends (RFC 9483 §4): kur/ir/cr with one CertReqMsg, rr with
// a CRLReason, certConf with the certificate's hash, pollReq, genm. Protection is applied by
// protection.ts, so every builder here is pure.
import { AsnConvert, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { CRLReason, CRLReasons, Extension, Extensions, Name } from '@peculiar/asn1-x509';
import { createHash } from 'node:crypto';
import {
  CertConfirmContent,
  CertStatus,
  ErrorMsgContent,
  InfoTypeAndValue,
  InfoTypeAndValues,
  PkiBody,
  PkiFreeText,
  PkiStatusInfo,
  PollReqContent,
  PollReqEntry,
  RevDetails,
  RevReqContent,
} from './asn1/cmp';
import { CertReqMessages, CertTemplate, type CertReqMsg } from './asn1/crmf';
import { OID_CRL_REASON } from './oids';
import { PkiStatus } from './pki-status';
import { toArrayBuffer } from './protection';

export type EnrollmentKind = 'ir' | 'cr' | 'kur';

export function enrollmentBody(kind: EnrollmentKind, request: CertReqMsg): PkiBody {
  return new PkiBody({ [kind]: new CertReqMessages([request]) });
}

/** Revocation reasons of the provincial rules, as CRLReason (RFC 5280 §5.3.1). */
export const revocationReasons = {
  keyCompromise: CRLReasons.keyCompromise,
  affiliationChanged: CRLReasons.affiliationChanged,
  superseded: CRLReasons.superseded,
  cessationOfOperation: CRLReasons.cessationOfOperation,
  unspecified: CRLReasons.unspecified,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

export function revocationBody(input: {
  issuerDer: Uint8Array;
  serialNumber: Uint8Array;
  reason: RevocationReason;
}): PkiBody {
  const reasonExtension = new Extension({
    extnID: OID_CRL_REASON,
    critical: false,
    extnValue: new OctetString(AsnSerializer.serialize(new CRLReason(revocationReasons[input.reason]))),
  });
  return new PkiBody({
    rr: new RevReqContent([
      new RevDetails({
        certDetails: new CertTemplate({
          issuer: AsnConvert.parse(input.issuerDer, Name),
          serialNumber: toArrayBuffer(input.serialNumber),
        }),
        crlEntryDetails: new Extensions([reasonExtension]),
      }),
    ]),
  });
}

/**
 * certConf for one certificate: its hash with the hash of the certificate's signature algorithm
 * (RFC 4210 §5.3.18 for pvno 2; SHA-256 for the algorithms this profile accepts), and status
 * accepted, or rejection with our reason when the certificate could not be installed.
 */
export function certConfirmBody(input: {
  certificateDer: Uint8Array;
  certReqId?: number;
  rejectedBecause?: string;
}): PkiBody {
  const statusInfo = input.rejectedBecause
    ? new PkiStatusInfo({ status: 2, statusString: new PkiFreeText([input.rejectedBecause]) })
    : new PkiStatusInfo({ status: 0 });
  return new PkiBody({
    certConf: new CertConfirmContent([
      new CertStatus({
        certHash: toArrayBuffer(certificateHash(input.certificateDer)),
        certReqId: input.certReqId ?? 0,
        statusInfo,
      }),
    ]),
  });
}

export function certificateHash(certificateDer: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(certificateDer).digest());
}

export function pollRequestBody(certReqId = 0): PkiBody {
  return new PkiBody({ pollReq: new PollReqContent([new PollReqEntry({ certReqId })]) });
}

export function generalMessageBody(items: InfoTypeAndValue[]): PkiBody {
  return new PkiBody({ genm: new InfoTypeAndValues(items) });
}

/**
 * The holder withdraws (撤回) the request of this transaction: an error message with status
 * rejection and our words (docs/cmp-profile.md §Withdrawal). The backend answers pkiConf.
 */
export function withdrawalBody(): PkiBody {
  return new PkiBody({
    error: new ErrorMsgContent({
      pKIStatusInfo: new PkiStatusInfo({
        status: PkiStatus.rejection,
        statusString: new PkiFreeText(['持有人撤回申请 withdrawn by the holder']),
      }),
    }),
  });
}
