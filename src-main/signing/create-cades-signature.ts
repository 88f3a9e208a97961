// Builds a CAdES-BES detached signature (ETSI EN 319 122-1 B-B level attributes, RFC 5652
// structure) around a signature made elsewhere, normally on the holder's USBKEY.
import {
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  id_data,
  id_signedData,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { createHash, verify } from 'node:crypto';
import { OID_ECDSA_WITH_SHA256, OID_RSA_ENCRYPTION, OID_SHA256 } from './algorithm-ids';
import { contentDigest } from './content-digest';
import { buildSignedAttributes, encodeSignedAttributes } from './signed-attributes';
import type { CmsSignatureProvider } from './signature-provider';
import { parseSignerCertificate, signerPublicKey, type SignerCertificate } from './signer-certificate';

export interface CreateCadesDetachedSignatureInput {
  content: Uint8Array;
  signerCertificateDer: Uint8Array;
  signer: CmsSignatureProvider;
  signingTime: Date;
}

function loadSigner(der: Uint8Array, keyAlgorithm: CmsSignatureProvider['keyAlgorithm']): SignerCertificate {
  let signer: SignerCertificate;
  try {
    signer = parseSignerCertificate(der);
  } catch (error) {
    throw new Error('signer certificate is not a DER X.509 certificate', { cause: error });
  }
  // The certificate is embedded by re-encoding the parsed structure; if that is not the exact
  // input (a non-DER certificate), its CA signature and our certHash would no longer match.
  if (!Buffer.from(AsnConvert.serialize(signer.certificate)).equals(Buffer.from(der))) {
    throw new Error('signer certificate is not strictly DER-encoded; it cannot be embedded unchanged');
  }
  if (signer.keyType === 'SM2') throw new Error('SM2 signing is not supported yet');
  if (signer.keyType !== keyAlgorithm) {
    throw new Error(`signer key is ${keyAlgorithm} but the certificate holds a ${signer.keyType} key`);
  }
  return signer;
}

export async function createCadesDetachedSignature(
  input: CreateCadesDetachedSignatureInput,
): Promise<Uint8Array> {
  if (Number.isNaN(input.signingTime.getTime())) throw new RangeError('signingTime must be a valid Date');
  const signer = loadSigner(input.signerCertificateDer, input.signer.keyAlgorithm);
  const signedAttributes = buildSignedAttributes({
    contentDigest: contentDigest(input.content),
    signingTime: input.signingTime,
    signerCertificateDer: input.signerCertificateDer,
    signerCertificate: signer.certificate,
  });
  const signedAttributesDer = encodeSignedAttributes(signedAttributes);
  const toBeSigned = new Uint8Array(createHash('sha256').update(signedAttributesDer).digest());
  const signature = await input.signer.sign(toBeSigned);

  // A token may sign with another key than the certificate's (wrong object picked, two
  // certificates on one key) or return garbage; such a file must never reach a hospital system.
  const isEc = input.signer.keyAlgorithm === 'EC';
  const publicKey = signerPublicKey(signer);
  const verifies = verify(
    'sha256',
    signedAttributesDer,
    isEc ? { key: publicKey, dsaEncoding: 'der' } : publicKey,
    signature,
  );
  if (!verifies) throw new Error('the signature from the token does not verify with the signer certificate');

  const tbs = signer.certificate.tbsCertificate;
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: tbs.issuer,
        serialNumber: tbs.serialNumber,
      }),
    }),
    // RFC 5754 §2: SHA-2 AlgorithmIdentifiers omit parameters.
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }),
    signedAttrs: signedAttributes,
    signatureAlgorithm: isEc
      ? new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 })
      : new SignatureAlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
    signature: new OctetString(Uint8Array.from(signature)),
  });
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([
      new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }),
    ]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }), // no eContent: detached
    certificates: new CertificateSet([new CertificateChoices({ certificate: signer.certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = new ContentInfo({
    contentType: id_signedData,
    content: AsnConvert.serialize(signedData),
  });
  return new Uint8Array(AsnConvert.serialize(contentInfo));
}
