// SignedData as RFC 5652 §5.1–5.3 declares it, mirrored from @peculiar/asn1-cms with one
// difference: the signed attributes are a single SET-typed field, so the parser keeps their
// original bytes (`signedAttrsRaw`). asn1-cms declares them as a repeated field, for which
// @peculiar/asn1-schema keeps no raw bytes, and a signature must be checked over the bytes
// the signer produced, not over a re-encoding.
import {
  Attribute,
  CertificateSet,
  CMSVersion,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  RevocationInfoChoices,
  SignatureAlgorithmIdentifier,
  SignerIdentifier,
} from '@peculiar/asn1-cms';
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AttributeSet } from './signed-attributes';

export class VerifiableSignerInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  public version = CMSVersion.v1;

  @AsnProp({ type: SignerIdentifier })
  public sid = new SignerIdentifier();

  @AsnProp({ type: DigestAlgorithmIdentifier })
  public digestAlgorithm = new DigestAlgorithmIdentifier();

  @AsnProp({ type: AttributeSet, context: 0, implicit: true, optional: true, raw: true })
  public signedAttrs?: AttributeSet;

  /** The [0] IMPLICIT field as received, tag included. */
  public signedAttrsRaw?: ArrayBuffer;

  @AsnProp({ type: SignatureAlgorithmIdentifier })
  public signatureAlgorithm = new SignatureAlgorithmIdentifier();

  @AsnProp({ type: OctetString })
  public signature = new OctetString();

  @AsnProp({ type: Attribute, repeated: 'set', context: 1, implicit: true, optional: true })
  public unsignedAttrs?: Attribute[];
}

@AsnType({ type: AsnTypeTypes.Set, itemType: VerifiableSignerInfo })
export class VerifiableSignerInfos extends AsnArray<VerifiableSignerInfo> {
  public constructor(items?: VerifiableSignerInfo[]) {
    super(items);
    Object.setPrototypeOf(this, VerifiableSignerInfos.prototype);
  }
}

export class VerifiableSignedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  public version = CMSVersion.v1;

  @AsnProp({ type: DigestAlgorithmIdentifiers })
  public digestAlgorithms = new DigestAlgorithmIdentifiers();

  @AsnProp({ type: EncapsulatedContentInfo })
  public encapContentInfo = new EncapsulatedContentInfo();

  @AsnProp({ type: CertificateSet, context: 0, implicit: true, optional: true })
  public certificates?: CertificateSet;

  @AsnProp({ type: RevocationInfoChoices, context: 1, implicit: true, optional: true })
  public crls?: RevocationInfoChoices;

  @AsnProp({ type: VerifiableSignerInfos })
  public signerInfos = new VerifiableSignerInfos();
}
