// The builder keeps per-certificate work (parsed certificate, public key, pre-encoded
// attributes) between calls; these tests make sure that can never put one holder's
// certificate, identifier or ESS hash into another holder's signature.
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import { createTestCa, issueHolder, tokenProviderFor, type TestHolder } from './test-pki';

const content = new TextEncoder().encode('出院小结');

function embeddedCertificates(signature: Uint8Array): Uint8Array[] {
  const signedData = AsnConvert.parse(AsnConvert.parse(signature, ContentInfo).content, SignedData);
  return (signedData.certificates ?? []).map(
    (choice) => new Uint8Array(AsnConvert.serialize(choice.certificate!)),
  );
}

describe('createCadesDetachedSignature with several signer certificates', () => {
  let zhang: TestHolder;
  let li: TestHolder;

  beforeAll(async () => {
    zhang = await issueHolder(await createTestCa(undefined, 'RSA'), { kind: 'RSA' });
    // Same subject and serial number from another CA: only the certificate bytes tell them apart.
    li = await issueHolder(await createTestCa('CN=另一个CA, O=YiKey Test, C=CN', 'EC'), { kind: 'RSA' });
  });

  it('embeds and binds the certificate of each call when two holders alternate', async () => {
    for (const holder of [zhang, li, zhang, li, li, zhang]) {
      const signature = await createCadesDetachedSignature({
        content,
        signerCertificateDer: holder.der,
        signer: tokenProviderFor(holder),
        signingTime: new Date(),
      });
      expect(embeddedCertificates(signature)).toEqual([holder.der]);
      const result = await verifyCadesDetached({ content, signature, trustedCertificatesDer: [] });
      expect(result.integrity).toBe('ok');
      expect(result.signingCertificateMatches).toBe(true);
    }
  });

  it('follows the bytes, not the buffer, when a caller reuses one buffer for both certificates', async () => {
    const buffer = new Uint8Array(Math.max(zhang.der.byteLength, li.der.byteLength));
    for (const holder of [zhang, li, zhang]) {
      buffer.fill(0);
      buffer.set(holder.der);
      const signature = await createCadesDetachedSignature({
        content,
        signerCertificateDer: buffer.subarray(0, holder.der.byteLength),
        signer: tokenProviderFor(holder),
        signingTime: new Date(),
      });
      expect(embeddedCertificates(signature)).toEqual([holder.der]);
      expect((await verifyCadesDetached({ content, signature })).integrity).toBe('ok');
    }
  });

  it('does not let a cached certificate accept another holder’s key', async () => {
    await createCadesDetachedSignature({
      content,
      signerCertificateDer: zhang.der,
      signer: tokenProviderFor(zhang),
      signingTime: new Date(),
    });
    await expect(
      createCadesDetachedSignature({
        content,
        signerCertificateDer: zhang.der,
        signer: tokenProviderFor(li),
        signingTime: new Date(),
      }),
    ).rejects.toThrow(/does not verify with the signer certificate/);
  });
});
