import { beforeAll, describe, expect, it } from 'vitest';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { SignatureFormatError } from '../../../src-main/signing/signature-format-error';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import {
  createTestCa,
  issueHolder,
  tokenProviderFor,
  type KeyKind,
  type TestCa,
  type TestHolder,
} from './test-pki';

const DAY = 24 * 60 * 60 * 1000;
const content = new TextEncoder().encode('处方：阿司匹林 100mg，每日一次。');

async function sign(holder: TestHolder, signingTime = new Date()): Promise<Uint8Array> {
  return createCadesDetachedSignature({
    content,
    signerCertificateDer: holder.der,
    signer: tokenProviderFor(holder),
    signingTime,
  });
}

describe.each<KeyKind>(['RSA', 'EC'])('verifyCadesDetached with a %s signer', (kind) => {
  let ca: TestCa;
  let otherCa: TestCa;
  let holder: TestHolder;
  let signature: Uint8Array;

  beforeAll(async () => {
    ca = await createTestCa(undefined, kind);
    otherCa = await createTestCa('CN=另一个CA, O=Elsewhere, C=CN', kind);
    holder = await issueHolder(ca, { kind });
    signature = await sign(holder);
  });

  it('accepts an intact signature from a trusted CA', async () => {
    const result = await verifyCadesDetached({ content, signature, trustedCertificatesDer: [ca.der] });
    expect(result).toMatchObject({
      outcome: 'valid',
      valid: true,
      integrity: 'ok',
      certificateValidAtSigningTime: true,
      signingCertificateMatches: true,
      chain: 'trusted',
      problems: [],
    });
    expect(result.signer.subject.commonName).toBe('张三');
    expect(result.signer.keyAlgorithm).toBe(kind);
    expect(result.signingTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('is intact but not verified, never valid, when no trust store is given', async () => {
    const result = await verifyCadesDetached({ content, signature });
    expect(result.chain).toBe('not-checked');
    expect(result.integrity).toBe('ok');
    expect(result.outcome).toBe('not-verified');
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual(['trust-not-configured']);
  });

  it('is intact but not verified when the trust store is empty', async () => {
    const result = await verifyCadesDetached({ content, signature, trustedCertificatesDer: [] });
    expect(result.outcome).toBe('not-verified');
    expect(result.chain).toBe('untrusted');
  });

  it('reports content-changed when the document differs by one byte', async () => {
    const changed = Uint8Array.from(content);
    changed[0] = changed[0]! ^ 0x80;
    const result = await verifyCadesDetached({
      content: changed,
      signature,
      trustedCertificatesDer: [ca.der],
    });
    expect(result.valid).toBe(false);
    expect(result.outcome).toBe('invalid');
    expect(result.integrity).toBe('content-changed');
    expect(result.problems).toContain('content-changed');
  });

  it('reports signature-invalid when the signature value is altered', async () => {
    const tampered = Uint8Array.from(signature);
    // The SignerInfo's signature value is the last element; flip a byte near the end.
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 0x01;
    const result = await verifyCadesDetached({ content, signature: tampered });
    expect(result.integrity).toBe('signature-invalid');
    expect(result.valid).toBe(false);
    // Broken is broken, trusted or not: never merely "not verified".
    expect(result.outcome).toBe('invalid');
  });

  it('reports an untrusted chain when only another CA is trusted', async () => {
    const result = await verifyCadesDetached({ content, signature, trustedCertificatesDer: [otherCa.der] });
    expect(result.integrity).toBe('ok');
    expect(result.chain).toBe('untrusted');
    expect(result.valid).toBe(false);
    expect(result.outcome).toBe('not-verified');
    expect(result.problems).toContain('chain-untrusted');
  });

  it('flags a signing time outside the certificate validity', async () => {
    const shortLived = await issueHolder(ca, {
      kind,
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - 5 * DAY),
    });
    const late = await sign(shortLived, new Date());
    const result = await verifyCadesDetached({ content, signature: late, trustedCertificatesDer: [ca.der] });
    expect(result.integrity).toBe('ok');
    expect(result.certificateValidAtSigningTime).toBe(false);
    expect(result.valid).toBe(false);
    expect(result.outcome).toBe('invalid');
    expect(result.problems).toContain('certificate-not-valid-at-signing-time');
    expect(result.signer.status).toBe('expired');
  });
});

describe('verifyCadesDetached on bytes that are not a signature', () => {
  it.each([
    ['garbage', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3])],
    ['empty', new Uint8Array(0)],
    ['a bare SEQUENCE', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])],
    ['text', new TextEncoder().encode('-----BEGIN PKCS7-----\nnot really\n-----END PKCS7-----\n')],
  ])('throws SignatureFormatError for %s', async (_name, bytes) => {
    const attempt = verifyCadesDetached({ content, signature: bytes });
    await expect(attempt).rejects.toBeInstanceOf(SignatureFormatError);
    await expect(attempt).rejects.toMatchObject({ code: 'signature-malformed' });
  });

  it('throws SignatureFormatError for a truncated signature', async () => {
    const ca = await createTestCa(undefined, 'EC');
    const holder = await issueHolder(ca, { kind: 'EC' });
    const signature = await sign(holder);
    await expect(
      verifyCadesDetached({ content, signature: signature.subarray(0, signature.length - 40) }),
    ).rejects.toBeInstanceOf(SignatureFormatError);
  });
});
