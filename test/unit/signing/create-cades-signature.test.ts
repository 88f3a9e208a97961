import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  IssuerAndSerialNumber,
  MessageDigest,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  SigningTime,
} from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OID_ECDSA_WITH_SHA256,
  OID_RSA_ENCRYPTION,
  OID_SHA256,
  OID_SIGNING_CERTIFICATE_V2,
} from '../../../src-main/signing/algorithm-ids';
import { contentDigest } from '../../../src-main/signing/content-digest';
import { ObjectIdentifierValue } from '../../../src-main/signing/object-identifier-value';
import { signingCertificateV2For } from '../../../src-main/signing/signing-certificate-v2';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import {
  createTestCa,
  ecTokenProvider,
  issueHolder,
  rsaTokenProvider,
  tokenProviderFor,
  type TestHolder,
} from './test-pki';
import { createHash } from 'node:crypto';

const content = new TextEncoder().encode('检验报告');

/**
 * The signature as plain @peculiar/asn1-cms objects encode it, every part re-encoded: the
 * builder pre-encodes and copies parts for speed, and must produce exactly these bytes.
 */
function referenceEncoding(holder: TestHolder, signingTime: Date, signature: ArrayBuffer): Uint8Array {
  const certificate = AsnConvert.parse(holder.der, Certificate);
  const attribute = (attrType: string, value: object | ArrayBuffer) =>
    new Attribute({
      attrType,
      attrValues: [value instanceof ArrayBuffer ? value : AsnConvert.serialize(value)],
    });
  const signedAttrs = [
    attribute(id_contentType, new ObjectIdentifierValue(id_data)),
    attribute(id_signingTime, new SigningTime(signingTime)),
    attribute(id_messageDigest, new MessageDigest(contentDigest(content))),
    attribute(OID_SIGNING_CERTIFICATE_V2, signingCertificateV2For(holder.der, certificate)),
  ].sort((a, b) =>
    Buffer.compare(Buffer.from(AsnConvert.serialize(a)), Buffer.from(AsnConvert.serialize(b))),
  );
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: certificate.tbsCertificate.issuer,
        serialNumber: certificate.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }),
    signedAttrs,
    signatureAlgorithm:
      holder.kind === 'EC'
        ? new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 })
        : new SignatureAlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
  });
  signerInfo.signature.buffer = signature;
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([
      new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }),
    ]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet([new CertificateChoices({ certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return new Uint8Array(
    AsnConvert.serialize(
      new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) }),
    ),
  );
}

describe('createCadesDetachedSignature', () => {
  let rsaHolder: TestHolder;
  let ecHolder: TestHolder;

  beforeAll(async () => {
    const ca = await createTestCa(undefined, 'EC');
    rsaHolder = await issueHolder(ca, { kind: 'RSA' });
    ecHolder = await issueHolder(ca, { kind: 'EC' });
  });

  it('hands the provider a 32-byte SHA-256 digest and keeps the signing time', async () => {
    const seen: Uint8Array[] = [];
    const provider = ecTokenProvider(ecHolder.privateKey);
    const signingTime = new Date('2025-03-04T05:06:07Z');
    const signature = await createCadesDetachedSignature({
      content,
      signerCertificateDer: ecHolder.der,
      signer: { keyAlgorithm: 'EC', sign: (digest) => (seen.push(digest), provider.sign(digest)) },
      signingTime,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.byteLength).toBe(32);
    const result = await verifyCadesDetached({ content, signature, now: signingTime });
    expect(result.signingTime).toBe('2025-03-04T05:06:07.000Z');
  });

  it.each(['RSA', 'EC'] as const)(
    'encodes a %s signature exactly as the plain asn1-cms types do, in UTCTime and GeneralizedTime years',
    async (kind) => {
      const holder = kind === 'RSA' ? rsaHolder : ecHolder;
      for (const signingTime of [new Date('2025-03-04T05:06:07Z'), new Date('2050-01-01T00:00:00Z')]) {
        const signature = await createCadesDetachedSignature({
          content,
          signerCertificateDer: holder.der,
          signer: tokenProviderFor(holder),
          signingTime,
        });
        const signedData = AsnConvert.parse(AsnConvert.parse(signature, ContentInfo).content, SignedData);
        const tokenSignature = signedData.signerInfos[0]!.signature.buffer;
        expect(Buffer.from(signature)).toEqual(
          Buffer.from(referenceEncoding(holder, signingTime, tokenSignature)),
        );
      }
    },
  );

  it('refuses a provider whose key type does not match the certificate', async () => {
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: ecHolder.der,
        signer: rsaTokenProvider(rsaHolder.privateKey),
        signingTime: new Date(),
      }),
    ).rejects.toMatchObject({
      code: 'key-certificate-mismatch',
      message: expect.stringMatching(/signer key is RSA but the certificate holds a EC key/),
    });
  });

  it('refuses a signature made with another key than the certificate’s', async () => {
    const other = await issueHolder(await createTestCa(undefined, 'EC'), { kind: 'RSA' });
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: rsaHolder.der,
        signer: rsaTokenProvider(other.privateKey),
        signingTime: new Date(),
      }),
    ).rejects.toMatchObject({
      code: 'key-certificate-mismatch',
      message: expect.stringMatching(/does not verify with the signer certificate/),
    });
  });

  it('refuses bytes that are not a certificate', async () => {
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: new Uint8Array([1, 2, 3]),
        signer: rsaTokenProvider(rsaHolder.privateKey),
        signingTime: new Date(),
      }),
    ).rejects.toMatchObject({
      code: 'certificate-malformed',
      message: expect.stringMatching(/not a DER X.509 certificate/),
    });
  });

  it('contentDigest is SHA-256 of the document', () => {
    expect(Buffer.from(contentDigest(content)).toString('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
  });
});
