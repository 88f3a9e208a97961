// CMP (RFC 4210 as updated by RFC 9480; module PKIXCMP-2023, EXPLICIT TAGS): the message
// envelope, its protection and the bodies the Lightweight profile (RFC 9483) uses. Certificates
// (CMPCertificate) and CRLs are kept as their raw DER (`Any`), so a signature over them is checked
// on the very bytes the peer sent and they are parsed once, by @peculiar/x509, where they are used.
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, BitString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extensions, GeneralName } from '@peculiar/asn1-x509';
import { CertId, CertReqMessages, CertTemplate } from './crmf';

/** PKIFreeText: SEQUENCE OF UTF8String — Chinese reasons travel here. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Utf8String })
export class PkiFreeText extends AsnArray<string> {
  public constructor(items?: string[]) {
    super(items);
    Object.setPrototypeOf(this, PkiFreeText.prototype);
  }
}

export class InfoTypeAndValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  public infoType = '';

  @AsnProp({ type: AsnPropTypes.Any, optional: true })
  public infoValue?: ArrayBuffer;

  public constructor(params: Partial<InfoTypeAndValue> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: InfoTypeAndValue })
export class InfoTypeAndValues extends AsnArray<InfoTypeAndValue> {
  public constructor(items?: InfoTypeAndValue[]) {
    super(items);
    Object.setPrototypeOf(this, InfoTypeAndValues.prototype);
  }
}

export class PkiHeader {
  @AsnProp({ type: AsnPropTypes.Integer })
  public pvno = 2;

  @AsnProp({ type: GeneralName })
  public sender = new GeneralName();

  @AsnProp({ type: GeneralName })
  public recipient = new GeneralName();

  @AsnProp({ type: AsnPropTypes.GeneralizedTime, context: 0, optional: true })
  public messageTime?: Date;

  @AsnProp({ type: AlgorithmIdentifier, context: 1, optional: true })
  public protectionAlg?: AlgorithmIdentifier;

  @AsnProp({ type: AsnPropTypes.OctetString, context: 2, optional: true })
  public senderKID?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.OctetString, context: 3, optional: true })
  public recipKID?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.OctetString, context: 4, optional: true })
  public transactionID?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.OctetString, context: 5, optional: true })
  public senderNonce?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.OctetString, context: 6, optional: true })
  public recipNonce?: ArrayBuffer;

  @AsnProp({ type: PkiFreeText, context: 7, optional: true })
  public freeText?: PkiFreeText;

  @AsnProp({ type: InfoTypeAndValues, context: 8, optional: true })
  public generalInfo?: InfoTypeAndValues;

  public constructor(params: Partial<PkiHeader> = {}) {
    Object.assign(this, params);
  }
}

export class PkiStatusInfo {
  /** PKIStatus: accepted 0, grantedWithMods 1, rejection 2, waiting 3, … (pki-status.ts). */
  @AsnProp({ type: AsnPropTypes.Integer })
  public status = 0;

  @AsnProp({ type: PkiFreeText, optional: true })
  public statusString?: PkiFreeText;

  @AsnProp({ type: BitString, optional: true })
  public failInfo?: BitString;

  public constructor(params: Partial<PkiStatusInfo> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Choice })
export class CertOrEncCert {
  @AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true })
  public certificate?: ArrayBuffer;

  public constructor(params: Partial<CertOrEncCert> = {}) {
    Object.assign(this, params);
  }
}

export class CertifiedKeyPair {
  @AsnProp({ type: CertOrEncCert })
  public certOrEncCert = new CertOrEncCert();

  public constructor(params: Partial<CertifiedKeyPair> = {}) {
    Object.assign(this, params);
  }
}

export class CertResponse {
  @AsnProp({ type: AsnPropTypes.Integer })
  public certReqId = 0;

  @AsnProp({ type: PkiStatusInfo })
  public status = new PkiStatusInfo();

  @AsnProp({ type: CertifiedKeyPair, optional: true })
  public certifiedKeyPair?: CertifiedKeyPair;

  @AsnProp({ type: AsnPropTypes.OctetString, optional: true })
  public rspInfo?: ArrayBuffer;

  public constructor(params: Partial<CertResponse> = {}) {
    Object.assign(this, params);
  }
}

export class CertRepMessage {
  @AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 1, optional: true })
  public caPubs?: ArrayBuffer[];

  @AsnProp({ type: CertResponse, repeated: 'sequence' })
  public response: CertResponse[] = [];

  public constructor(params: Partial<CertRepMessage> = {}) {
    Object.assign(this, params);
  }
}

export class RevDetails {
  @AsnProp({ type: CertTemplate })
  public certDetails = new CertTemplate();

  /** Carries the CRLReason (id-ce-cRLReasons) of a revocation request. */
  @AsnProp({ type: Extensions, optional: true })
  public crlEntryDetails?: Extensions;

  public constructor(params: Partial<RevDetails> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: RevDetails })
export class RevReqContent extends AsnArray<RevDetails> {
  public constructor(items?: RevDetails[]) {
    super(items);
    Object.setPrototypeOf(this, RevReqContent.prototype);
  }
}

export class RevRepContent {
  @AsnProp({ type: PkiStatusInfo, repeated: 'sequence' })
  public status: PkiStatusInfo[] = [];

  @AsnProp({ type: CertId, repeated: 'sequence', context: 0, optional: true })
  public revCerts?: CertId[];

  @AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 1, optional: true })
  public crls?: ArrayBuffer[];

  public constructor(params: Partial<RevRepContent> = {}) {
    Object.assign(this, params);
  }
}

export class CertStatus {
  @AsnProp({ type: AsnPropTypes.OctetString })
  public certHash: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer })
  public certReqId = 0;

  @AsnProp({ type: PkiStatusInfo, optional: true })
  public statusInfo?: PkiStatusInfo;

  /** cmp2021 only; absent means the hash of the certificate's signature algorithm. */
  @AsnProp({ type: AlgorithmIdentifier, context: 0, optional: true })
  public hashAlg?: AlgorithmIdentifier;

  public constructor(params: Partial<CertStatus> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: CertStatus })
export class CertConfirmContent extends AsnArray<CertStatus> {
  public constructor(items?: CertStatus[]) {
    super(items);
    Object.setPrototypeOf(this, CertConfirmContent.prototype);
  }
}

export class PollReqEntry {
  @AsnProp({ type: AsnPropTypes.Integer })
  public certReqId = 0;

  public constructor(params: Partial<PollReqEntry> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: PollReqEntry })
export class PollReqContent extends AsnArray<PollReqEntry> {
  public constructor(items?: PollReqEntry[]) {
    super(items);
    Object.setPrototypeOf(this, PollReqContent.prototype);
  }
}

export class PollRepEntry {
  @AsnProp({ type: AsnPropTypes.Integer })
  public certReqId = 0;

  /** Seconds until the client should ask again. */
  @AsnProp({ type: AsnPropTypes.Integer })
  public checkAfter = 0;

  @AsnProp({ type: PkiFreeText, optional: true })
  public reason?: PkiFreeText;

  public constructor(params: Partial<PollRepEntry> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: PollRepEntry })
export class PollRepContent extends AsnArray<PollRepEntry> {
  public constructor(items?: PollRepEntry[]) {
    super(items);
    Object.setPrototypeOf(this, PollRepContent.prototype);
  }
}

export class ErrorMsgContent {
  @AsnProp({ type: PkiStatusInfo })
  public pKIStatusInfo = new PkiStatusInfo();

  @AsnProp({ type: AsnPropTypes.Integer, optional: true })
  public errorCode?: number;

  @AsnProp({ type: PkiFreeText, optional: true })
  public errorDetails?: PkiFreeText;

  public constructor(params: Partial<ErrorMsgContent> = {}) {
    Object.assign(this, params);
  }
}

/** PKIBody: the choices of RFC 9483 that YiKey and the reference backend exchange. */
@AsnType({ type: AsnTypeTypes.Choice })
export class PkiBody {
  @AsnProp({ type: CertReqMessages, context: 0, optional: true })
  public ir?: CertReqMessages;

  @AsnProp({ type: CertRepMessage, context: 1, optional: true })
  public ip?: CertRepMessage;

  @AsnProp({ type: CertReqMessages, context: 2, optional: true })
  public cr?: CertReqMessages;

  @AsnProp({ type: CertRepMessage, context: 3, optional: true })
  public cp?: CertRepMessage;

  @AsnProp({ type: CertReqMessages, context: 7, optional: true })
  public kur?: CertReqMessages;

  @AsnProp({ type: CertRepMessage, context: 8, optional: true })
  public kup?: CertRepMessage;

  @AsnProp({ type: RevReqContent, context: 11, optional: true })
  public rr?: RevReqContent;

  @AsnProp({ type: RevRepContent, context: 12, optional: true })
  public rp?: RevRepContent;

  @AsnProp({ type: AsnPropTypes.Null, context: 19, optional: true })
  public pkiconf?: null;

  @AsnProp({ type: InfoTypeAndValues, context: 21, optional: true })
  public genm?: InfoTypeAndValues;

  @AsnProp({ type: InfoTypeAndValues, context: 22, optional: true })
  public genp?: InfoTypeAndValues;

  @AsnProp({ type: ErrorMsgContent, context: 23, optional: true })
  public error?: ErrorMsgContent;

  @AsnProp({ type: CertConfirmContent, context: 24, optional: true })
  public certConf?: CertConfirmContent;

  @AsnProp({ type: PollReqContent, context: 25, optional: true })
  public pollReq?: PollReqContent;

  @AsnProp({ type: PollRepContent, context: 26, optional: true })
  public pollRep?: PollRepContent;

  public constructor(params: Partial<PkiBody> = {}) {
    Object.assign(this, params);
  }
}

export class PkiMessage {
  /** `raw`: the parser also fills headerRaw/bodyRaw, the exact bytes the protection covers. */
  @AsnProp({ type: PkiHeader, raw: true })
  public header = new PkiHeader();

  @AsnProp({ type: PkiBody, raw: true })
  public body = new PkiBody();

  @AsnProp({ type: AsnPropTypes.BitString, context: 0, optional: true })
  public protection?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 1, optional: true })
  public extraCerts?: ArrayBuffer[];

  public headerRaw?: Uint8Array;
  public bodyRaw?: Uint8Array;

  public constructor(params: Partial<PkiMessage> = {}) {
    Object.assign(this, params);
  }
}

/** ProtectedPart: what the signature or MAC covers; header and body kept as received DER. */
export class ProtectedPart {
  @AsnProp({ type: AsnPropTypes.Any })
  public header: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Any })
  public body: ArrayBuffer = new ArrayBuffer(0);

  public constructor(params: Partial<ProtectedPart> = {}) {
    Object.assign(this, params);
  }
}

/** PBMParameter (RFC 4210 §5.1.3.1, OID 1.2.840.113533.7.66.13). */
export class PbmParameter {
  @AsnProp({ type: AsnPropTypes.OctetString })
  public salt: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AlgorithmIdentifier })
  public owf = new AlgorithmIdentifier();

  @AsnProp({ type: AsnPropTypes.Integer })
  public iterationCount = 0;

  @AsnProp({ type: AlgorithmIdentifier })
  public mac = new AlgorithmIdentifier();

  public constructor(params: Partial<PbmParameter> = {}) {
    Object.assign(this, params);
  }
}
