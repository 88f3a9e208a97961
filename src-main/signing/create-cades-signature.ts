// Builds a CAdES-BES detached signature (ETSI EN 319 122-1 B-B level attributes, RFC 5652
// structure) around a signature made elsewhere, normally on the holder's USBKEY. SM2 keys get
// SM3 and SM2-with-SM3 (GB/T 35275 / GM/T 0010 algorithms) with the same attributes; two
// options serve receivers that expect the Chinese PKCS#7 dialects instead.
import {
  DigestAlgorithmIdentifier,
  EncapsulatedContentInfo,
  id_data,
  id_signedData,
  SignatureAlgorithmIdentifier,
} from '@peculiar/asn1-cms';
import { OctetString } from '@peculiar/asn1-schema';
import { YiKeyError } from '../contract/yikey-error';
import {
  OID_ECDSA_WITH_SHA256,
  OID_GMT0010_DATA,
  OID_GMT0010_SIGNED_DATA,
  OID_RSA_ENCRYPTION,
  OID_SHA256,
  OID_SM2_WITH_SM3,
  OID_SM3,
} from './algorithm-ids';
import { contentDigest } from './content-digest';
import { EncodableContentInfo, EncodableSignedData, EncodableSignerInfo } from './encodable-signed-data';
import { ObjectIdentifierValue } from './object-identifier-value';
import { PreEncodedDer, PreEncodedDerSet } from './pre-encoded-der';
import { prepareSigner } from './prepared-signer';
import { assertKeyMatchesCertificate, signAndCheck } from './sign-and-check';
import { contentTypeAttribute, encodeSignedAttributes } from './signed-attributes';
import { encodeContentInfo } from './signed-data-der';
import type { CmsSignatureProvider } from './signature-provider';
import { sm3 } from '../sm2/sm2-digest';

export interface CmsSignatureOptions {
  /**
   * 'gmt0010': the content types of GB/T 35275 (GM/T 0010) instead of PKCS#7's, for
   * receivers that check them. SM2 keys only.
   */
  contentTypes?: 'pkcs7' | 'gmt0010';
  /**
   * 'none': the signature covers the content itself, with no signing time or certificate
   * binding, as CFCA-style PKCS#7 signatures do. 'cades' (the default) adds the CAdES-BES set.
   */
  signedAttributes?: 'cades' | 'none';
}

export interface CreateCadesDetachedSignatureInput {
  content: Uint8Array;
  signerCertificateDer: Uint8Array;
  signer: CmsSignatureProvider;
  signingTime: Date;
  options?: CmsSignatureOptions;
  /**
   * The content's digest when only the digest is at hand (the EMR bridge's sign.digest): it
   * becomes the message-digest attribute and `content` is not read. SHA-256 for RSA and ECDSA
   * keys, SM3 for SM2 keys (their SignerInfo names SM3); `precomputedContentDigestAlgorithm` says which.
   */
  precomputedContentDigest?: Uint8Array;
  precomputedContentDigestAlgorithm?: 'sha256' | 'sm3';
}

// RFC 5754 §2: SHA-2 AlgorithmIdentifiers omit parameters; SM3 likewise (GM/T 0006 sets none).
const digestAlgorithms = {
  sha256: PreEncodedDer.of(new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 })),
  sm3: PreEncodedDer.of(new DigestAlgorithmIdentifier({ algorithm: OID_SM3 })),
};
const signatureAlgorithms = {
  RSA: PreEncodedDer.of(
    new SignatureAlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
  ),
  EC: PreEncodedDer.of(new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 })),
  SM2: PreEncodedDer.of(new SignatureAlgorithmIdentifier({ algorithm: OID_SM2_WITH_SM3 })),
};
// No eContent: the signature is detached.
const detachedContent = {
  pkcs7: PreEncodedDer.of(new EncapsulatedContentInfo({ eContentType: id_data })),
  gmt0010: PreEncodedDer.of(new EncapsulatedContentInfo({ eContentType: OID_GMT0010_DATA })),
};
const signedDataTypes = {
  pkcs7: PreEncodedDer.of(new ObjectIdentifierValue(id_signedData)),
  gmt0010: PreEncodedDer.of(new ObjectIdentifierValue(OID_GMT0010_SIGNED_DATA)),
};
const gmt0010DataType = contentTypeAttribute(OID_GMT0010_DATA);

export async function createCadesDetachedSignature(
  input: CreateCadesDetachedSignatureInput,
): Promise<Uint8Array> {
  if (Number.isNaN(input.signingTime.getTime())) throw new RangeError('signingTime must be a valid Date');
  const signer = prepareSigner(input.signerCertificateDer);
  assertKeyMatchesCertificate(signer, input.signer.keyAlgorithm);
  const contentTypes = input.options?.contentTypes ?? 'pkcs7';
  const withAttributes = (input.options?.signedAttributes ?? 'cades') === 'cades';
  if (contentTypes === 'gmt0010' && signer.keyType !== 'SM2') {
    throw new YiKeyError('invalid-input', 'GM/T 0010 content types are for SM2 certificates only');
  }
  const isSm2 = signer.keyType === 'SM2';
  if (input.precomputedContentDigest) {
    if (input.precomputedContentDigest.length !== 32)
      throw new RangeError('precomputedContentDigest must be a SHA-256 or SM3 (32 bytes)');
    const given = input.precomputedContentDigestAlgorithm ?? 'sha256';
    if (given !== (isSm2 ? 'sm3' : 'sha256') || !withAttributes)
      throw new YiKeyError(
        'invalid-input',
        'a digest can be signed only with signed attributes: SM3 with an SM2 certificate, SHA-256 with RSA or ECDSA',
      );
  }
  const signedAttributes = withAttributes
    ? encodeSignedAttributes({
        contentDigest:
          input.precomputedContentDigest ?? (isSm2 ? sm3(input.content) : contentDigest(input.content)),
        signingTime: input.signingTime,
        signingCertificateAttribute: signer.signingCertificateAttribute,
        ...(contentTypes === 'gmt0010' ? { contentType: gmt0010DataType } : {}),
      })
    : undefined;
  const signature = await signAndCheck(signer, input.signer, signedAttributes?.der ?? input.content);

  const digestAlgorithm = isSm2 ? digestAlgorithms.sm3 : digestAlgorithms.sha256;
  const signerInfo = new EncodableSignerInfo({
    sid: signer.signerIdentifier,
    digestAlgorithm,
    ...(signedAttributes ? { signedAttrs: new PreEncodedDerSet(signedAttributes.elements) } : {}),
    signatureAlgorithm: signatureAlgorithms[input.signer.keyAlgorithm],
    signature: new OctetString(Uint8Array.from(signature)),
  });
  const contentInfo = new EncodableContentInfo({
    contentType: signedDataTypes[contentTypes],
    content: new EncodableSignedData({
      digestAlgorithms: new PreEncodedDerSet([digestAlgorithm]),
      encapContentInfo: detachedContent[contentTypes],
      certificates: new PreEncodedDerSet([signer.certificate]),
      signerInfos: [signerInfo],
    }),
  });
  return encodeContentInfo(contentInfo);
}
