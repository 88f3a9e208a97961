// SOF_VerifySignedData's SM2 path, as the page runs it (no Node crypto): YiKey's SM2 CAdES and
// GM/T 0010 signatures (values made by OpenSSL on e) verify; a changed document, a value made
// over e with an EMPTY user ID, and a value from another key do not. The bare SM2 check is also
// run against OpenSSL signatures on e = SM3(Z ‖ M) that OpenSSL computed itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { checkDetachedSignature } from '../../../src-main/bridge-sdk/sof/cms-signature-check';
import { verifySm2Signature } from '../../../src-main/bridge-sdk/sof/sm2-signature-check';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import {
  opensslSm2Ca,
  opensslSm2E,
  opensslSm2Holder,
  opensslSm2Provider,
  opensslSm2PublicPoint,
  opensslSm2SignE,
  pemToDer,
} from '../../helpers/openssl-sm2';

const data = '病程记录：患者王五，体温正常，继续观察。';
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

let dir: string;
let holder: { certPath: string; keyPath: string; der: Uint8Array };
let other: { certPath: string; keyPath: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-sof-sm2-'));
  const pki = opensslSm2Ca(dir);
  const issued = opensslSm2Holder(pki, { commonName: '王五' });
  holder = { ...issued, der: pemToDer(issued.certPath) };
  other = opensslSm2Holder(pki, { commonName: '赵六' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spkiOf = (der: Uint8Array): Uint8Array =>
  new Uint8Array(
    AsnConvert.serialize(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo),
  );

describe('the SOF shim checks SM2 in the page', () => {
  it('verifies an OpenSSL signature on e with the default ID, not one with an empty ID', () => {
    const message = new TextEncoder().encode(data);
    const point = opensslSm2PublicPoint(holder.certPath);
    const good = opensslSm2SignE(holder.keyPath, opensslSm2E(point, message));
    expect(verifySm2Signature(spkiOf(holder.der), message, good)).toBe(true);
    expect(verifySm2Signature(spkiOf(holder.der), new TextEncoder().encode(`${data}。`), good)).toBe(false);
    const emptyId = opensslSm2SignE(holder.keyPath, opensslSm2E(point, message, ''));
    expect(verifySm2Signature(spkiOf(holder.der), message, emptyId)).toBe(false);
    const otherKey = opensslSm2SignE(
      other.keyPath,
      opensslSm2E(opensslSm2PublicPoint(other.certPath), message),
    );
    expect(verifySm2Signature(spkiOf(holder.der), message, otherKey)).toBe(false);
  });

  it('accepts YiKey SM2 CAdES and GM/T 0010 signatures of the data and refuses a changed document', async () => {
    for (const format of ['cades', 'gmt0010'] as const) {
      const signature = await createCadesDetachedSignature({
        content: new TextEncoder().encode(data),
        signerCertificateDer: holder.der,
        signer: opensslSm2Provider(holder.keyPath),
        // OpenSSL starts the certificate's validity when it makes it: sign just after.
        signingTime: new Date(Date.now() + 1000),
        ...(format === 'gmt0010' ? { options: { contentTypes: 'gmt0010' } } : {}),
      });
      const certificate = base64(holder.der);
      expect(
        await checkDetachedSignature(certificate, new TextEncoder().encode(data), base64(signature)),
      ).toBe(true);
      expect(
        await checkDetachedSignature(certificate, new TextEncoder().encode(`${data}。`), base64(signature)),
      ).toBe(false);
    }
  });
});
