// SM2 CMS built by YiKey, checked by OpenSSL alone: the SignerInfo taken apart with
// `openssl asn1parse`, e = SM3(Z ‖ signed attributes) computed with OpenSSL's SM3 from the
// certificate's key, and `openssl pkeyutl -verify` on it. Then our own verifier on the same
// bytes, every option, a changed file, and a signature checked with an empty ID.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { describeCertificate } from '../../../src-main/certs/certificate-dto';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { createRawSignature, verifyRawSignature } from '../../../src-main/signing/raw-signature';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import {
  opensslSignerInfoParts,
  opensslSm2Ca,
  opensslSm2E,
  opensslSm2Holder,
  opensslSm2Provider,
  opensslSm2PublicPoint,
  opensslSm2SignE,
  opensslSm2VerifyE,
  opensslSm3,
  pemToDer,
  type Sm2Pki,
} from '../../helpers/openssl-sm2';
import { createTestCa, issueHolder, tokenProviderFor } from './test-pki';

const content = new TextEncoder().encode('出院小结：患者李四，2026-11-30');
// Set once the certificates exist: OpenSSL starts their validity at the moment it makes them.
let signingTime: Date;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

let dir: string;
let pki: Sm2Pki;
let holder: { certPath: string; keyPath: string; der: Uint8Array };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-sm2-cms-'));
  pki = opensslSm2Ca(dir);
  const issued = opensslSm2Holder(pki, { commonName: '李四' });
  holder = { ...issued, der: pemToDer(issued.certPath) };
  signingTime = new Date(Date.now() + 1000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sign(options?: Parameters<typeof createCadesDetachedSignature>[0]['options']): Promise<Uint8Array> {
  return createCadesDetachedSignature({
    content,
    signerCertificateDer: holder.der,
    signer: opensslSm2Provider(holder.keyPath),
    signingTime,
    ...(options ? { options } : {}),
  });
}

/** What OpenSSL says about the signature value, with e computed by OpenSSL over `signed`. */
function opensslVerdict(signed: Uint8Array, signature: Uint8Array, id?: string): boolean {
  const e = opensslSm2E(opensslSm2PublicPoint(holder.certPath), signed, id);
  return opensslSm2VerifyE(dir, holder.certPath, e, signature).ok;
}

const trusted = (): Uint8Array[] => [pemToDer(pki.caCertPath)];

/** Our verifier, trusting the test CA: on the signed content at the signing time, or on other
 * content at the current time (a changed file). */
function ourVerdict(signature: Uint8Array, changedContent?: Uint8Array) {
  return verifyCadesDetached(
    changedContent
      ? { content: changedContent, signature, trustedCertificatesDer: trusted() }
      : { content, signature, trustedCertificatesDer: trusted(), now: signingTime },
  );
}

describe('SM2 CAdES-BES (the default for SM2 keys)', () => {
  it('verifies with OpenSSL pkeyutl on e = SM3(Z ‖ signed attributes) and carries SM3 / SM2-with-SM3', async () => {
    const p7s = await sign();
    const parts = opensslSignerInfoParts(p7s);
    expect(parts.signedAttributes).not.toBeNull();
    expect(opensslVerdict(parts.signedAttributes!, parts.signature)).toBe(true);
    // The messageDigest attribute holds OpenSSL's SM3 of the file.
    expect(hex(parts.signedAttributes!)).toContain(hex(opensslSm3(content)));
    expect(parts.objects).toEqual(
      expect.arrayContaining(['pkcs7-signedData', 'pkcs7-data', 'sm3', 'SM2-with-SM3']),
    );
    expect(parts.objects).toContain('id-smime-aa-signingCertificateV2');
  });

  it('fails OpenSSL when checked with an empty ID, or against another file', async () => {
    const parts = opensslSignerInfoParts(await sign());
    expect(opensslVerdict(parts.signedAttributes!, parts.signature, '')).toBe(false);
    expect(opensslVerdict(content, parts.signature)).toBe(false);
  });

  it('is valid for our verifier with the SM2 CA trusted, and invalid for a changed file', async () => {
    const p7s = await sign();
    const result = await ourVerdict(p7s);
    expect(result.problems).toEqual([]);
    expect(result.outcome).toBe('valid');
    expect(result.signer.keyAlgorithm).toBe('SM2');
    expect(result.signingCertificateMatches).toBe(true);
    const changed = Uint8Array.from(content);
    changed[0] = changed[0]! ^ 1;
    const tampered = await ourVerdict(p7s, changed);
    expect(tampered.outcome).toBe('invalid');
    expect(tampered.problems).toContain('content-changed');
  });

  it('YiKey refuses to hand out a value a token made with an empty ID', async () => {
    // A token or library that signs with an empty ID (OpenSSL 3.0's default) makes this.
    const emptyIdSigner = {
      keyAlgorithm: 'SM2' as const,
      sign: async (_e: Uint8Array, input?: { message: Uint8Array }) => {
        const e = opensslSm2E(opensslSm2PublicPoint(holder.certPath), input!.message, '');
        return opensslSm2Provider(holder.keyPath).sign(e);
      },
    };
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: holder.der,
        signer: emptyIdSigner,
        signingTime,
      }),
    ).rejects.toMatchObject({ code: 'key-certificate-mismatch' });
  });

  it('our verifier refuses a value made by OpenSSL with an empty ID, and accepts one with the default ID', async () => {
    const p7s = await sign();
    const parts = opensslSignerInfoParts(p7s);
    const point = opensslSm2PublicPoint(holder.certPath);
    const withId = (id: string): Uint8Array =>
      withSignatureValue(
        p7s,
        opensslSm2SignE(holder.keyPath, opensslSm2E(point, parts.signedAttributes!, id)),
      );
    expect((await ourVerdict(withId(''))).problems).toContain('signature-invalid');
    expect((await ourVerdict(withId('1234567812345678'))).problems).toEqual([]);
  });
});

/** The same SignedData with another signature value (the signed attributes' bytes unchanged). */
function withSignatureValue(p7s: Uint8Array, signature: Uint8Array): Uint8Array {
  const info = AsnConvert.parse(p7s, ContentInfo);
  const signedData = AsnConvert.parse(info.content, SignedData);
  signedData.signerInfos[0]!.signature = new OctetString(signature);
  info.content = AsnConvert.serialize(signedData);
  return new Uint8Array(AsnConvert.serialize(info));
}

describe('SM2 options', () => {
  it('GM/T 0010 content types: OpenSSL verifies the value; our verifier says valid', async () => {
    const p7s = await sign({ contentTypes: 'gmt0010' });
    const parts = opensslSignerInfoParts(p7s);
    expect(parts.objects).toEqual(
      expect.arrayContaining(['1.2.156.10197.6.1.4.2.2', '1.2.156.10197.6.1.4.2.1']),
    );
    expect(parts.objects).not.toContain('pkcs7-signedData');
    expect(opensslVerdict(parts.signedAttributes!, parts.signature)).toBe(true);
    const result = await ourVerdict(p7s);
    expect(result.problems).toEqual([]);
  });

  it('no signed attributes (CFCA style): the value signs SM3(Z ‖ file) itself', async () => {
    const p7s = await sign({ signedAttributes: 'none' });
    const parts = opensslSignerInfoParts(p7s);
    expect(parts.signedAttributes).toBeNull();
    expect(opensslVerdict(content, parts.signature)).toBe(true);
    const result = await ourVerdict(p7s);
    expect(result.problems).toEqual([]);
    const changed = new TextEncoder().encode('出院小结：患者李四，2026-11-31');
    const tampered = await ourVerdict(p7s, changed);
    expect(tampered.outcome).toBe('invalid');
    expect(tampered.problems).toContain('signature-invalid');
  });

  it('a raw SOF-style value: DER over SM3(Z ‖ data), verified by OpenSSL and by us', async () => {
    const value = await createRawSignature({
      content,
      signerCertificateDer: holder.der,
      signer: opensslSm2Provider(holder.keyPath),
    });
    expect(value[0]).toBe(0x30);
    expect(opensslVerdict(content, value)).toBe(true);
    expect(verifyRawSignature({ content, signature: value, certificateDer: holder.der })).toBe(true);
    expect(
      verifyRawSignature({ content: content.subarray(1), signature: value, certificateDer: holder.der }),
    ).toBe(false);
  });

  it('refuses GM/T 0010 content types for a non-SM2 certificate', async () => {
    const ecHolder = await issueHolder(await createTestCa(undefined, 'EC'), { kind: 'EC' });
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: ecHolder.der,
        signer: tokenProviderFor(ecHolder),
        signingTime,
        options: { contentTypes: 'gmt0010' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('SM2 certificate chain', () => {
  it('our verifier builds the SM2 path (SM2-with-SM3 certificate signatures) to the trusted SM2 root', async () => {
    const p7s = await sign();
    const result = await ourVerdict(p7s);
    expect(result.chain).toBe('trusted');
    const other = opensslSm2Ca(dir);
    const untrusted = await verifyCadesDetached({
      content,
      signature: p7s,
      trustedCertificatesDer: [pemToDer(other.caCertPath)],
      now: signingTime,
    });
    expect(untrusted.chain).toBe('untrusted');
    expect(untrusted.outcome).toBe('not-verified');
    expect(readFileSync(holder.certPath, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});

describe('an SM2 key named by the bare SM2 OID (as some early Chinese CAs issue them)', () => {
  /** The holder certificate with its SPKI algorithm rewritten and the CA's SM2 signature redone by OpenSSL. */
  function bareOidCertificate(): Uint8Array {
    const certificate = AsnConvert.parse(holder.der, Certificate);
    const spki = certificate.tbsCertificate.subjectPublicKeyInfo;
    certificate.tbsCertificate.subjectPublicKeyInfo = new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: '1.2.156.10197.1.301' }),
      subjectPublicKey: spki.subjectPublicKey,
    });
    const tbs = new Uint8Array(AsnConvert.serialize(certificate.tbsCertificate));
    const e = opensslSm2E(opensslSm2PublicPoint(pki.caCertPath), tbs);
    certificate.signatureValue = opensslSm2SignE(pki.caKeyPath, e).slice().buffer;
    return new Uint8Array(AsnConvert.serialize(certificate));
  }

  it('is described as SM2, signs, and verifies with its chain', async () => {
    const der = bareOidCertificate();
    expect(describeCertificate(der, { now: signingTime })).toMatchObject({
      keyAlgorithm: 'SM2',
      namedCurve: 'SM2',
    });
    const p7s = await createCadesDetachedSignature({
      content,
      signerCertificateDer: der,
      signer: opensslSm2Provider(holder.keyPath),
      signingTime,
    });
    const parts = opensslSignerInfoParts(p7s);
    expect(opensslVerdict(parts.signedAttributes!, parts.signature)).toBe(true);
    const result = await ourVerdict(p7s);
    expect(result.problems).toEqual([]);
  });
});
