// The CAdES-BES signed attributes and their DER encoding. The signature covers the SET OF
// encoding (RFC 5652 §5.4), and DER orders SET OF elements by their encodings; the same order
// is then used inside SignerInfo so the bytes signed and the bytes sent are identical.
import {
  Attribute,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signingTime,
  MessageDigest,
  SigningTime,
} from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { OID_SIGNING_CERTIFICATE_V2 } from './algorithm-ids';
import { ObjectIdentifierValue } from './object-identifier-value';
import { signingCertificateV2For } from './signing-certificate-v2';

@AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })
export class AttributeSet extends AsnArray<Attribute> {
  public constructor(items?: Attribute[]) {
    super(items);
    // AsnArray extends Array; restore the subclass prototype as the @peculiar types do.
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}

export interface SignedAttributesInput {
  contentDigest: Uint8Array;
  signingTime: Date;
  signerCertificateDer: Uint8Array;
  signerCertificate: Certificate;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.byteLength - b.byteLength;
}

/** X.690 §11.6: SET OF components in ascending order of their encodings. */
export function sortForDerSet(attributes: Attribute[]): Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: new Uint8Array(AsnConvert.serialize(attribute)) }))
    .sort((left, right) => compareBytes(left.der, right.der))
    .map(({ attribute }) => attribute);
}

export function buildSignedAttributes(input: SignedAttributesInput): Attribute[] {
  return sortForDerSet([
    new Attribute({
      attrType: id_contentType,
      attrValues: [AsnConvert.serialize(new ObjectIdentifierValue(id_data))],
    }),
    new Attribute({
      attrType: id_signingTime,
      // SigningTime picks UTCTime up to 2049 and GeneralizedTime after, as RFC 5652 §11.3 asks.
      attrValues: [AsnConvert.serialize(new SigningTime(input.signingTime))],
    }),
    new Attribute({
      attrType: id_messageDigest,
      attrValues: [AsnConvert.serialize(new MessageDigest(Uint8Array.from(input.contentDigest)))],
    }),
    new Attribute({
      attrType: OID_SIGNING_CERTIFICATE_V2,
      attrValues: [signingCertificateV2For(input.signerCertificateDer, input.signerCertificate)],
    }),
  ]);
}

/** The DER SET OF whose hash is signed. */
export function encodeSignedAttributes(attributes: Attribute[]): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new AttributeSet(attributes)));
}
