// The CAdES-BES signed attributes and their DER encoding. The signature covers the SET OF
// encoding (RFC 5652 §5.4), and DER orders SET OF elements by their encodings; the same
// encoded elements, in the same order, then go inside SignerInfo, so the bytes signed and the
// bytes sent are identical.
import { Attribute, id_contentType, id_data, id_messageDigest, id_signingTime } from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { OID_SIGNING_CERTIFICATE_V2 } from './algorithm-ids';
import { ObjectIdentifierValue } from './object-identifier-value';
import { derElement, derTag, derTime } from './der-writer';
import { PreEncodedDer } from './pre-encoded-der';
import { signingCertificateV2For } from './signing-certificate-v2';

@AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })
export class AttributeSet extends AsnArray<Attribute> {
  public constructor(items?: Attribute[]) {
    super(items);
    // AsnArray extends Array; restore the subclass prototype as the @peculiar types do.
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}

// The two attributes that change with every signature are written as DER directly
// (der-writer.ts); their types are pre-encoded (asn1js takes ~15 µs to encode an OBJECT
// IDENTIFIER from its string).
const signingTimeType = PreEncodedDer.of(new ObjectIdentifierValue(id_signingTime));
const messageDigestType = PreEncodedDer.of(new ObjectIdentifierValue(id_messageDigest));

/** Attribute { id-signingTime, SET { Time } }; Time as RFC 5652 §11.3 asks (derTime). */
function signingTimeAttribute(signingTime: Date): PreEncodedDer {
  return new PreEncodedDer(
    derElement(derTag.sequence, signingTimeType.der, derElement(derTag.set, derTime(signingTime))),
  );
}

/** Attribute { id-messageDigest, SET { OCTET STRING digest } }. */
function messageDigestAttribute(digest: Uint8Array): PreEncodedDer {
  return new PreEncodedDer(
    derElement(
      derTag.sequence,
      messageDigestType.der,
      derElement(derTag.set, derElement(derTag.octetString, digest)),
    ),
  );
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
    signingTimeAttribute(input.signingTime),
    messageDigestAttribute(input.contentDigest),
    input.signingCertificateAttribute,
  ]);
  return { elements, der: derElement(derTag.set, ...elements.map((element) => element.der)) };
}
