// Reads the CAdES signed attributes the verifier checks. Each is optional here: a missing
// one becomes a problem code in the result, not an exception.
import {
  id_contentType,
  id_messageDigest,
  id_signingTime,
  MessageDigest,
  SigningTime,
  type Attribute,
} from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { OID_SIGNING_CERTIFICATE_V2 } from './algorithm-ids';
import { ObjectIdentifierValue } from './object-identifier-value';
import { SignatureFormatError } from './signature-format-error';
import { SigningCertificateV2 } from './signing-certificate-v2';

export interface SignedAttributeValues {
  contentType: string | null;
  messageDigest: Uint8Array | null;
  signingTime: Date | null;
  signingCertificateV2: SigningCertificateV2 | null;
  /** RFC 5652 §11: these attributes must occur once with a single value. */
  duplicated: boolean;
}

function singleValue(
  attributes: Attribute[],
  type: string,
): { value: ArrayBuffer | null; duplicated: boolean } {
  const matching = attributes.filter((attribute) => attribute.attrType === type);
  const value = matching[0]?.attrValues[0] ?? null;
  return { value, duplicated: matching.length > 1 || (matching[0]?.attrValues.length ?? 0) > 1 };
}

export function readSignedAttributeValues(attributes: Attribute[]): SignedAttributeValues {
  const contentType = singleValue(attributes, id_contentType);
  const messageDigest = singleValue(attributes, id_messageDigest);
  const signingTime = singleValue(attributes, id_signingTime);
  const signingCertificate = singleValue(attributes, OID_SIGNING_CERTIFICATE_V2);
  try {
    return {
      contentType: contentType.value
        ? (AsnConvert.parse(contentType.value, ObjectIdentifierValue).value ?? null)
        : null,
      messageDigest: messageDigest.value
        ? new Uint8Array(AsnConvert.parse(messageDigest.value, MessageDigest).buffer)
        : null,
      signingTime: signingTime.value ? AsnConvert.parse(signingTime.value, SigningTime).getTime() : null,
      signingCertificateV2: signingCertificate.value
        ? AsnConvert.parse(signingCertificate.value, SigningCertificateV2)
        : null,
      duplicated: [contentType, messageDigest, signingTime, signingCertificate].some(
        (entry) => entry.duplicated,
      ),
    };
  } catch (error) {
    throw new SignatureFormatError('signature is malformed: a signed attribute could not be decoded', {
      cause: error,
    });
  }
}
