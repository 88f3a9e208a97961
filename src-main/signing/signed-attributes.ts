// The CAdES-BES signed attributes and their DER encoding. The signature covers the SET OF
// encoding (RFC 5652 §5.4), and DER orders SET OF elements by their encodings; the same
// encoded elements, in the same order, then go inside SignerInfo, so the bytes signed and the
// bytes sent are identical.
import {
  Attribute,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signingTime,
  MessageDigest,
  SigningTime,
} from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnProp, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { OID_SIGNING_CERTIFICATE_V2 } from './algorithm-ids';
import { ObjectIdentifierValue } from './object-identifier-value';
import { PreEncodedDer, PreEncodedDerSet } from './pre-encoded-der';
import { signingCertificateV2For } from './signing-certificate-v2';

@AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })
export class AttributeSet extends AsnArray<Attribute> {
  public constructor(items?: Attribute[]) {
    super(items);
    // AsnArray extends Array; restore the subclass prototype as the @peculiar types do.
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}

// The two attributes that change with every signature, with their value typed (asn1-cms
// declares Attribute values as ANY, which asn1-schema parses back and re-encodes) and their
// type pre-encoded (asn1js takes ~15 µs to encode an OBJECT IDENTIFIER from its string).
const signingTimeType = PreEncodedDer.of(new ObjectIdentifierValue(id_signingTime));
const messageDigestType = PreEncodedDer.of(new ObjectIdentifierValue(id_messageDigest));

class SigningTimeAttribute {
  /** OBJECT IDENTIFIER id-signingTime */
  @AsnProp({ type: PreEncodedDer })
  public attrType = signingTimeType;

  /** SigningTime picks UTCTime up to 2049 and GeneralizedTime after, as RFC 5652 §11.3 asks. */
  @AsnProp({ type: SigningTime, repeated: 'set' })
  public attrValues: SigningTime[];

  public constructor(signingTime = new Date(0)) {
    this.attrValues = [new SigningTime(signingTime)];
  }
}

class MessageDigestAttribute {
  /** OBJECT IDENTIFIER id-messageDigest */
  @AsnProp({ type: PreEncodedDer })
  public attrType = messageDigestType;

  @AsnProp({ type: MessageDigest, repeated: 'set' })
  public attrValues: MessageDigest[];

  public constructor(digest: Uint8Array = new Uint8Array(0)) {
    this.attrValues = [new MessageDigest(Uint8Array.from(digest))];
  }
}

export interface SignedAttributesInput {
  contentDigest: Uint8Array;
  /** The content-type attribute; id-data unless a GM/T 0010 profile names its own. */
  contentType?: PreEncodedDer;
  signingTime: Date;
  /** From signingCertificateAttribute, made once per signer certificate. */
  signingCertificateAttribute: PreEncodedDer;
}

export interface EncodedSignedAttributes {
  /** The attributes in DER SET OF order, for SignerInfo.signedAttrs. */
  elements: PreEncodedDer[];
  /** The DER SET OF whose hash is signed. */
  der: Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.byteLength - b.byteLength;
}

/** X.690 §11.6: SET OF components in ascending order of their encodings. */
export function sortForDerSet(elements: PreEncodedDer[]): PreEncodedDer[] {
  return [...elements].sort((left, right) => compareBytes(left.der, right.der));
}

/** The content-type signed attribute for an eContentType. */
export function contentTypeAttribute(eContentType: string): PreEncodedDer {
  return PreEncodedDer.of(
    new Attribute({
      attrType: id_contentType,
      attrValues: [AsnConvert.serialize(new ObjectIdentifierValue(eContentType))],
    }),
  );
}

const contentTypeData = contentTypeAttribute(id_data);

/** ESS signing-certificate-v2 for one signer certificate; the same for all its signatures. */
export function signingCertificateAttribute(
  certificateDer: Uint8Array,
  certificate: Certificate,
  hash: 'sha256' | 'sm3' = 'sha256',
): PreEncodedDer {
  return PreEncodedDer.of(
    new Attribute({
      attrType: OID_SIGNING_CERTIFICATE_V2,
      attrValues: [signingCertificateV2For(certificateDer, certificate, hash)],
    }),
  );
}

export function encodeSignedAttributes(input: SignedAttributesInput): EncodedSignedAttributes {
  const elements = sortForDerSet([
    input.contentType ?? contentTypeData,
    PreEncodedDer.of(new SigningTimeAttribute(input.signingTime)),
    PreEncodedDer.of(new MessageDigestAttribute(input.contentDigest)),
    input.signingCertificateAttribute,
  ]);
  return { elements, der: new Uint8Array(AsnConvert.serialize(new PreEncodedDerSet(elements))) };
}
