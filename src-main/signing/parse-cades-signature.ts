// Turns untrusted signature bytes into the pieces the verifier needs, or a
// SignatureFormatError that says what is wrong — never a parser exception from deep inside.
import { ContentInfo, id_data, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { OID_GMT0010_SIGNED_DATA } from './algorithm-ids';
import { SignatureFormatError } from './signature-format-error';
import { VerifiableSignedData, type VerifiableSignerInfo } from './verifiable-signed-data';

export interface ParsedCadesSignature {
  signerInfo: VerifiableSignerInfo;
  signerCount: number;
  /**
   * The DER SET OF signed attributes exactly as signed (RFC 5652 §5.4); null when there are
   * none and the signature covers the content itself (CFCA-style PKCS#7).
   */
  signedAttributesDer: Uint8Array | null;
  eContentType: string;
  certificatesDer: Uint8Array[];
}

const SET_TAG = 0x31;

function parseOrFail<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new SignatureFormatError(`signature is malformed: ${what} could not be decoded`, { cause: error });
  }
}

export function parseCadesSignature(signature: Uint8Array): ParsedCadesSignature {
  if (signature.byteLength === 0) throw new SignatureFormatError('signature is empty');
  const contentInfo = parseOrFail('CMS ContentInfo', () => AsnConvert.parse(signature, ContentInfo));
  // GB/T 35275 (GM/T 0010) names SignedData with its own OID; the structure is the same.
  if (contentInfo.contentType !== id_signedData && contentInfo.contentType !== OID_GMT0010_SIGNED_DATA) {
    throw new SignatureFormatError(
      `signature is not CMS SignedData (content type ${contentInfo.contentType})`,
    );
  }
  const signedData = parseOrFail('SignedData', () =>
    AsnConvert.parse(contentInfo.content, VerifiableSignedData),
  );
  if (signedData.encapContentInfo.eContent) {
    throw new SignatureFormatError('signature embeds its content; a detached signature was expected');
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new SignatureFormatError('signature has no SignerInfo');
  // RFC 5652 §5.3: signed attributes, when present, are never an empty SET.
  if (signerInfo.signedAttrs && signerInfo.signedAttrs.length === 0) {
    throw new SignatureFormatError('signature has an empty set of signed attributes');
  }
  // The signature covers the attributes as the signer encoded them, with the [0] IMPLICIT tag
  // replaced by the universal SET tag. Re-encoding could reorder or normalise them, so we use
  // the raw bytes kept by the parser.
  if (signerInfo.signedAttrs && !signerInfo.signedAttrsRaw)
    throw new SignatureFormatError('signature is malformed: signed attributes unreadable');
  let raw: Uint8Array | null = null;
  if (signerInfo.signedAttrs && signerInfo.signedAttrsRaw) {
    raw = new Uint8Array(signerInfo.signedAttrsRaw.slice(0));
    raw[0] = SET_TAG;
  }
  const certificatesDer = (signedData.certificates ?? []).flatMap((choice) =>
    choice.certificate ? [new Uint8Array(AsnConvert.serialize(choice.certificate))] : [],
  );
  return {
    signerInfo,
    signerCount: signedData.signerInfos.length,
    signedAttributesDer: raw,
    eContentType: signedData.encapContentInfo.eContentType || id_data,
    certificatesDer,
  };
}
