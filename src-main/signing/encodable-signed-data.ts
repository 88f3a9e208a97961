// SignedData and ContentInfo as RFC 5652 §3 and §5 declare them, mirrored from
// @peculiar/asn1-cms for building: the parts that are the same for every signature with one
// certificate (the certificate itself, the signer identifier, algorithm identifiers) are
// PreEncodedDer, copied into place instead of encoded again, and ContentInfo.content is typed
// rather than an ANY, which asn1-schema would parse back and re-encode.
import { CMSVersion, id_signedData } from '@peculiar/asn1-cms';
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { ObjectIdentifierValue } from './object-identifier-value';
import { PreEncodedDer, PreEncodedDerSet } from './pre-encoded-der';

export class EncodableSignerInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  public version = CMSVersion.v1;

  /** SignerIdentifier */
  @AsnProp({ type: PreEncodedDer })
  public sid = new PreEncodedDer();

  /** DigestAlgorithmIdentifier */
  @AsnProp({ type: PreEncodedDer })
  public digestAlgorithm = new PreEncodedDer();

  /** SET OF Attribute, already in DER order; absent when the signature covers the content itself. */
  @AsnProp({ type: PreEncodedDerSet, context: 0, implicit: true, optional: true })
  public signedAttrs?: PreEncodedDerSet;

  /** SignatureAlgorithmIdentifier */
  @AsnProp({ type: PreEncodedDer })
  public signatureAlgorithm = new PreEncodedDer();

  @AsnProp({ type: OctetString })
  public signature = new OctetString();

  public constructor(params: Partial<EncodableSignerInfo> = {}) {
    Object.assign(this, params);
  }
}

export class EncodableSignedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  public version = CMSVersion.v1;

  /** SET OF DigestAlgorithmIdentifier */
  @AsnProp({ type: PreEncodedDerSet })
  public digestAlgorithms = new PreEncodedDerSet();

  /** EncapsulatedContentInfo */
  @AsnProp({ type: PreEncodedDer })
  public encapContentInfo = new PreEncodedDer();

  /** CertificateSet: each element a Certificate exactly as issued. */
  @AsnProp({ type: PreEncodedDerSet, context: 0, implicit: true, optional: true })
  public certificates?: PreEncodedDerSet;

  @AsnProp({ type: EncodableSignerInfo, repeated: 'set' })
  public signerInfos: EncodableSignerInfo[] = [];

  public constructor(params: Partial<EncodableSignedData> = {}) {
    Object.assign(this, params);
  }
}

const signedDataType = PreEncodedDer.of(new ObjectIdentifierValue(id_signedData));

export class EncodableContentInfo {
  /** OBJECT IDENTIFIER id-signedData */
  @AsnProp({ type: PreEncodedDer })
  public contentType = signedDataType;

  @AsnProp({ type: EncodableSignedData, context: 0 })
  public content = new EncodableSignedData();

  public constructor(params: Partial<EncodableContentInfo> = {}) {
    Object.assign(this, params);
  }
}
