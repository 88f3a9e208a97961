import { beforeAll, describe, expect, it } from 'vitest';
import { contentDigest } from '../../../src-main/signing/content-digest';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import { createTestCa, ecTokenProvider, issueHolder, rsaTokenProvider, type TestHolder } from './test-pki';
import { createHash } from 'node:crypto';

const content = new TextEncoder().encode('检验报告');

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

  it('refuses a provider whose key type does not match the certificate', async () => {
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: ecHolder.der,
        signer: rsaTokenProvider(rsaHolder.privateKey),
        signingTime: new Date(),
      }),
    ).rejects.toThrow(/signer key is RSA but the certificate holds a EC key/);
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
    ).rejects.toThrow(/does not verify with the signer certificate/);
  });

  it('refuses bytes that are not a certificate', async () => {
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: new Uint8Array([1, 2, 3]),
        signer: rsaTokenProvider(rsaHolder.privateKey),
        signingTime: new Date(),
      }),
    ).rejects.toThrow(/not a DER X.509 certificate/);
  });

  it('contentDigest is SHA-256 of the document', () => {
    expect(Buffer.from(contentDigest(content)).toString('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
  });
});
