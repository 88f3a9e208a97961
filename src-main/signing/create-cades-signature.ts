// Builds a CAdES-BES detached signature (ETSI EN 319 122-1 B-B level attributes, RFC 5652
// structure) around a signature made elsewhere, normally on the holder's USBKEY.
import {
  DigestAlgorithmIdentifier,
  EncapsulatedContentInfo,
  id_data,
  SignatureAlgorithmIdentifier,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { createHash, verify } from 'node:crypto';
import { YiKeyError } from '../contract/yikey-error';
import { OID_ECDSA_WITH_SHA256, OID_RSA_ENCRYPTION, OID_SHA256 } from './algorithm-ids';
import { contentDigest } from './content-digest';
import { EncodableContentInfo, EncodableSignedData, EncodableSignerInfo } from './encodable-signed-data';
import { PreEncodedDer, PreEncodedDerSet } from './pre-encoded-der';
import { prepareSigner, type PreparedSigner } from './prepared-signer';
import { encodeSignedAttributes } from './signed-attributes';
import type { CmsSignatureProvider } from './signature-provider';

export interface CreateCadesDetachedSignatureInput {
  content: Uint8Array;
  /**
   * The content's SHA-256 when only the digest is at hand (the EMR bridge's sign.digest): it
   * becomes the message-digest attribute and `content` is not read.
   */
  precomputedContentDigest?: Uint8Array;
  signerCertificateDer: Uint8Array;
  signer: CmsSignatureProvider;
  signingTime: Date;
}

// RFC 5754 §2: SHA-2 AlgorithmIdentifiers omit parameters.
const sha256Algorithm = PreEncodedDer.of(new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }));
const signatureAlgorithms = {
  RSA: PreEncodedDer.of(
    new SignatureAlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
  ),
  EC: PreEncodedDer.of(new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 })),
};
// No eContent: the signature is detached.
const detachedData = PreEncodedDer.of(new EncapsulatedContentInfo({ eContentType: id_data }));

function loadSigner(der: Uint8Array, keyAlgorithm: CmsSignatureProvider['keyAlgorithm']): PreparedSigner {
  const signer = prepareSigner(der);
  if (signer.keyType === 'SM2')
    throw new YiKeyError('mechanism-unsupported', 'SM2 signing is not supported yet');
  if (signer.keyType !== keyAlgorithm) {
    throw new YiKeyError(
      'key-certificate-mismatch',
      `signer key is ${keyAlgorithm} but the certificate holds a ${signer.keyType} key`,
    );
  }
  return signer;
}

export async function createCadesDetachedSignature(
  input: CreateCadesDetachedSignatureInput,
): Promise<Uint8Array> {
  if (Number.isNaN(input.signingTime.getTime())) throw new RangeError('signingTime must be a valid Date');
  if (input.precomputedContentDigest && input.precomputedContentDigest.length !== 32)
    throw new RangeError('precomputedContentDigest must be a SHA-256 (32 bytes)');
  const signer = loadSigner(input.signerCertificateDer, input.signer.keyAlgorithm);
  const signedAttributes = encodeSignedAttributes({
    contentDigest: input.precomputedContentDigest ?? contentDigest(input.content),
    signingTime: input.signingTime,
    signingCertificateAttribute: signer.signingCertificateAttribute,
  });
  const toBeSigned = new Uint8Array(createHash('sha256').update(signedAttributes.der).digest());
  const signature = await input.signer.sign(toBeSigned);

  // A token may sign with another key than the certificate's (wrong object picked, two
  // certificates on one key) or return garbage; such a file must never reach a hospital system.
  const isEc = input.signer.keyAlgorithm === 'EC';
  const verifies = verify(
    'sha256',
    signedAttributes.der,
    isEc ? { key: signer.publicKey, dsaEncoding: 'der' } : signer.publicKey,
    signature,
  );
  if (!verifies) {
    throw new YiKeyError(
      'key-certificate-mismatch',
      'the signature from the token does not verify with the signer certificate',
    );
  }

  const signerInfo = new EncodableSignerInfo({
    sid: signer.signerIdentifier,
    digestAlgorithm: sha256Algorithm,
    signedAttrs: new PreEncodedDerSet(signedAttributes.elements),
    signatureAlgorithm: signatureAlgorithms[input.signer.keyAlgorithm],
    signature: new OctetString(Uint8Array.from(signature)),
  });
  const contentInfo = new EncodableContentInfo({
    content: new EncodableSignedData({
      digestAlgorithms: new PreEncodedDerSet([sha256Algorithm]),
      encapContentInfo: detachedData,
      certificates: new PreEncodedDerSet([signer.certificate]),
      signerInfos: [signerInfo],
    }),
  });
  return new Uint8Array(AsnConvert.serialize(contentInfo));
}
