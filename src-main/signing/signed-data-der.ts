// ContentInfo { signedData } as DER, written from the same objects asn1-schema would encode
// (encodable-signed-data.ts), by concatenating their parts (der-writer.ts): the certificate,
// signer identifier and algorithm identifiers are pre-encoded already, so only a few headers
// are new per signature. Unit tests compare the result with AsnConvert.serialize byte for byte.
import { derElement, derTag } from './der-writer';
import type { EncodableContentInfo, EncodableSignedData, EncodableSignerInfo } from './encodable-signed-data';
import type { PreEncodedDer } from './pre-encoded-der';

/** The CMS versions used (0–5) all fit one content octet. */
function smallInteger(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0x7f) {
    throw new RangeError(`CMS version ${value} is not a small non-negative integer`);
  }
  return Uint8Array.of(derTag.integer, 0x01, value);
}

const partsOf = (elements: readonly PreEncodedDer[]): Uint8Array[] => elements.map((element) => element.der);

function compareBytes(left: Uint8Array, right: Uint8Array): number {
  const length = Math.min(left.byteLength, right.byteLength);
  for (let index = 0; index < length; index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.byteLength - right.byteLength;
}

function signerInfoDer(signerInfo: EncodableSignerInfo): Uint8Array {
  const signedAttrs = signerInfo.signedAttrs as PreEncodedDer[] | undefined;
  return derElement(
    derTag.sequence,
    smallInteger(signerInfo.version),
    signerInfo.sid.der,
    signerInfo.digestAlgorithm.der,
    // [0] IMPLICIT SET OF Attribute, in the order given (DER order, made by the caller).
    ...(signedAttrs ? [derElement(derTag.context0, ...partsOf(signedAttrs))] : []),
    signerInfo.signatureAlgorithm.der,
    derElement(derTag.octetString, new Uint8Array(signerInfo.signature.buffer)),
  );
}

function signedDataDer(signedData: EncodableSignedData): Uint8Array {
  const certificates = signedData.certificates;
  // SET OF SignerInfo: DER orders the elements by their encodings (X.690 §11.6).
  const signerInfos = signedData.signerInfos.map(signerInfoDer).sort(compareBytes);
  return derElement(
    derTag.sequence,
    smallInteger(signedData.version),
    derElement(derTag.set, ...partsOf(signedData.digestAlgorithms)),
    signedData.encapContentInfo.der,
    ...(certificates ? [derElement(derTag.context0, ...partsOf(certificates))] : []),
    derElement(derTag.set, ...signerInfos),
  );
}

/** DER of ContentInfo { contentType, [0] EXPLICIT SignedData }. */
export function encodeContentInfo(contentInfo: EncodableContentInfo): Uint8Array {
  return derElement(
    derTag.sequence,
    contentInfo.contentType.der,
    derElement(derTag.context0, signedDataDer(contentInfo.content)),
  );
}
