// CRMF (RFC 4211, module PKIXCRMF-2009 with IMPLICIT TAGS): the certificate request a holder
// sends inside ir/cr/kur. Tags on CHOICE types (Name, Time) are explicit by X.680 even in an
// IMPLICIT TAGS module, which is why issuer/subject/notBefore/notAfter are not `implicit`.
import {
  AsnArray,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
} from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Extensions,
  GeneralName,
  Name,
  SubjectPublicKeyInfo,
  Time,
} from '@peculiar/asn1-x509';

/** AttributeTypeAndValue of CRMF (controls, regInfo): an OID and any value. */
export class CrmfAttribute {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  public type = '';

  @AsnProp({ type: AsnPropTypes.Any })
  public value: ArrayBuffer = new ArrayBuffer(0);

  public constructor(params: Partial<CrmfAttribute> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: CrmfAttribute })
export class Controls extends AsnArray<CrmfAttribute> {
  public constructor(items?: CrmfAttribute[]) {
    super(items);
    Object.setPrototypeOf(this, Controls.prototype);
  }
}

/** CertId (RFC 4211 §6.5): the certificate a kur replaces (control id-regCtrl-oldCertID). */
export class CertId {
  @AsnProp({ type: GeneralName })
  public issuer = new GeneralName();

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  public serialNumber = new ArrayBuffer(0);

  public constructor(params: Partial<CertId> = {}) {
    Object.assign(this, params);
  }
}

export class OptionalValidity {
  @AsnProp({ type: Time, context: 0, optional: true })
  public notBefore?: Time;

  @AsnProp({ type: Time, context: 1, optional: true })
  public notAfter?: Time;

  public constructor(params: Partial<OptionalValidity> = {}) {
    Object.assign(this, params);
  }
}

export class CertTemplate {
  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true })
  public version?: number;

  @AsnProp({
    type: AsnPropTypes.Integer,
    converter: AsnIntegerArrayBufferConverter,
    context: 1,
    implicit: true,
    optional: true,
  })
  public serialNumber?: ArrayBuffer;

  @AsnProp({ type: AlgorithmIdentifier, context: 2, implicit: true, optional: true })
  public signingAlg?: AlgorithmIdentifier;

  @AsnProp({ type: Name, context: 3, optional: true })
  public issuer?: Name;

  @AsnProp({ type: OptionalValidity, context: 4, implicit: true, optional: true })
  public validity?: OptionalValidity;

  @AsnProp({ type: Name, context: 5, optional: true })
  public subject?: Name;

  @AsnProp({ type: SubjectPublicKeyInfo, context: 6, implicit: true, optional: true })
  public publicKey?: SubjectPublicKeyInfo;

  @AsnProp({ type: Extensions, context: 9, implicit: true, optional: true })
  public extensions?: Extensions;

  public constructor(params: Partial<CertTemplate> = {}) {
    Object.assign(this, params);
  }
}

export class CertRequest {
  @AsnProp({ type: AsnPropTypes.Integer })
  public certReqId = 0;

  @AsnProp({ type: CertTemplate })
  public certTemplate = new CertTemplate();

  @AsnProp({ type: Controls, optional: true })
  public controls?: Controls;

  public constructor(params: Partial<CertRequest> = {}) {
    Object.assign(this, params);
  }
}

/** POPOSigningKey without poposkInput: the signature covers the DER of CertRequest (RFC 4211 §4.1). */
export class PopoSigningKey {
  @AsnProp({ type: AlgorithmIdentifier })
  public algorithmIdentifier = new AlgorithmIdentifier();

  @AsnProp({ type: AsnPropTypes.BitString })
  public signature: ArrayBuffer = new ArrayBuffer(0);

  public constructor(params: Partial<PopoSigningKey> = {}) {
    Object.assign(this, params);
  }
}

/** ProofOfPossession: only raVerified and signature are used by the Lightweight profile. */
@AsnType({ type: AsnTypeTypes.Choice })
export class ProofOfPossession {
  @AsnProp({ type: AsnPropTypes.Null, context: 0, implicit: true, optional: true })
  public raVerified?: null;

  @AsnProp({ type: PopoSigningKey, context: 1, implicit: true, optional: true })
  public signature?: PopoSigningKey;

  public constructor(params: Partial<ProofOfPossession> = {}) {
    Object.assign(this, params);
  }
}

export class CertReqMsg {
  @AsnProp({ type: CertRequest })
  public certReq = new CertRequest();

  @AsnProp({ type: ProofOfPossession, optional: true })
  public popo?: ProofOfPossession;

  @AsnProp({ type: CrmfAttribute, repeated: 'sequence', optional: true })
  public regInfo?: CrmfAttribute[];

  public constructor(params: Partial<CertReqMsg> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: CertReqMsg })
export class CertReqMessages extends AsnArray<CertReqMsg> {
  public constructor(items?: CertReqMsg[]) {
    super(items);
    Object.setPrototypeOf(this, CertReqMessages.prototype);
  }
}
