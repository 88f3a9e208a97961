// SM2 through the holder façade and the token host against the virtual USBKEY, under the
// Longmai and the Sansec numbering: every signature is checked by OpenSSL alone (e computed by
// OpenSSL's SM3 from the certificate's key, `pkeyutl -verify`), and by our verifier with the
// virtual key's SM2 CA trusted. Then each vendor mechanism on its own (raw and token-hashed,
// r ‖ s and DER) through the token layer's mechanism helpers, and the dual pair.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm2CaCertificatePath } from '../../native/vusbkey/control/paths';
import { HolderService } from '../../src-main/holder/holder-service';
import { sm2MessageDigest, sm2Z } from '../../src-main/sm2/sm2-digest';
import { sm2PointFromEncoded } from '../../src-main/sm2/sm2-public-key';
import { sm2RawToDer } from '../../src-main/sm2/sm2-signature';
import { knownSm2Numberings } from '../../src-main/token/sm2-numberings';
import { sm2MechanismInput, sm2SignatureAsRaw } from '../../src-main/token/host/sm2-signing';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
  opensslSm3,
  pemToDer,
} from '../helpers/openssl-sm2';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const content = new TextEncoder().encode('出院小结 2026-11-30 李四 SM2');
const vendors = ['longmai', 'sansec'] as const;

describe('SM2 signing on the virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let host: TokenHostClient;
  let holder: HolderService;
  const certificates = new Map<string, { signing: string; encryption?: string }>();

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    for (const vendor of vendors) {
      const made = await keys.initKey({ label: vendor, algorithm: 'sm2', vendor, pin: '123456' });
      certificates.set(vendor, { signing: made.certificate!.file });
    }
    const dual = await keys.initKey({ label: 'dual', algorithm: 'sm2', dual: true, pin: '123456' });
    certificates.set('dual', {
      signing: dual.certificate!.file,
      encryption: dual.encryptionCertificate!.file,
    });
    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 });
    holder = new HolderService({ host, trustedCertificatesDer: [pemToDer(sm2CaCertificatePath(keys.home))] });
    await holder.start();
    for (const token of await holder.listTokens()) await holder.login(token.slotId, '123456');
  });

  afterAll(async () => {
    await holder?.stop();
    await keys?.cleanup();
  });

  /** The fingerprint as YiKey lists it, of a certificate file the virtual key wrote. */
  const fingerprintOf = async (certificatePath: string): Promise<string> => {
    const hash = createHash('sha256').update(pemToDer(certificatePath)).digest('hex');
    const listing = await holder.listAll();
    for (const entry of listing.certificates) {
      if (entry.readable && entry.certificate.sha256Fingerprint.replaceAll(':', '').toLowerCase() === hash)
        return entry.certificate.sha256Fingerprint;
    }
    throw new Error(`certificate ${certificatePath} not listed`);
  };

  /** OpenSSL's verdict on a CMS signature's value, e computed by OpenSSL from the certificate. */
  const opensslAccepts = (certificatePath: string, p7s: Uint8Array, signed?: Uint8Array): boolean => {
    const parts = opensslSignerInfoParts(p7s);
    const e = opensslSm2E(opensslSm2PublicPoint(certificatePath), signed ?? parts.signedAttributes!);
    return opensslSm2VerifyE(keys.home, certificatePath, e, parts.signature).ok;
  };

  it('lists SM2 keys and certificates as SM2', async () => {
    const listing = await holder.listAll();
    const sm2 = listing.certificates.filter(
      (entry) => entry.readable && entry.certificate.keyAlgorithm === 'SM2',
    );
    expect(sm2.length).toBe(4);
    expect(sm2.every((entry) => entry.keyPairing === 'paired')).toBe(true);
  });

  for (const vendor of vendors) {
    it(`signs CAdES-BES with a ${vendor} key: OpenSSL pkeyutl and our verifier accept it, a changed file fails`, async () => {
      const certificatePath = certificates.get(vendor)!.signing;
      const { signature } = await holder.sign({
        content,
        certificateFingerprint: await fingerprintOf(certificatePath),
      });
      expect(opensslAccepts(certificatePath, signature)).toBe(true);
      // The messageDigest attribute is OpenSSL's SM3 of the file.
      expect(Buffer.from(opensslSignerInfoParts(signature).signedAttributes!).toString('hex')).toContain(
        Buffer.from(opensslSm3(content)).toString('hex'),
      );
      const verdict = await holder.verify({ content, signature });
      expect(verdict.problems).toEqual([]);
      expect(verdict.outcome).toBe('valid');
      const changed = await holder.verify({ content: content.subarray(1), signature });
      expect(changed.outcome).toBe('invalid');
    });

    it(`signs a ${vendor} key's large file without signed attributes (e alone goes to the token)`, async () => {
      const certificatePath = certificates.get(vendor)!.signing;
      const large = new Uint8Array(200 * 1024).fill(0x41);
      const { signature } = await holder.sign({
        content: large,
        certificateFingerprint: await fingerprintOf(certificatePath),
        options: { signedAttributes: 'none', contentTypes: 'gmt0010' },
      });
      expect(opensslSignerInfoParts(signature).signedAttributes).toBeNull();
      expect(opensslAccepts(certificatePath, signature, large)).toBe(true);
      expect((await holder.verify({ content: large, signature })).outcome).toBe('valid');
    });

    it(`makes a raw SOF-style value with a ${vendor} key that OpenSSL verifies`, async () => {
      const certificatePath = certificates.get(vendor)!.signing;
      const { signature } = await holder.signRaw({
        content,
        certificateFingerprint: await fingerprintOf(certificatePath),
      });
      const e = opensslSm2E(opensslSm2PublicPoint(certificatePath), content);
      expect(opensslSm2VerifyE(keys.home, certificatePath, e, signature).ok).toBe(true);
      const emptyIdE = opensslSm2E(opensslSm2PublicPoint(certificatePath), content, '');
      expect(opensslSm2VerifyE(keys.home, certificatePath, emptyIdE, signature).ok).toBe(false);
    });
  }

  it('signs a batch of records with an SM2 key (signMany): each verifies with OpenSSL and with us', async () => {
    const certificatePath = certificates.get('sansec')!.signing;
    const contents = Array.from({ length: 20 }, (_, index) => new TextEncoder().encode(`病历 ${index}`));
    const { signatures } = await holder.signMany({
      contents,
      certificateFingerprint: await fingerprintOf(certificatePath),
    });
    expect(signatures).toHaveLength(20);
    for (const [index, signature] of signatures.entries()) {
      expect((await holder.verify({ content: contents[index]!, signature })).outcome).toBe('valid');
    }
    expect(opensslAccepts(certificatePath, signatures[7]!)).toBe(true);
    expect((await holder.verify({ content: contents[8]!, signature: signatures[7]! })).outcome).toBe(
      'invalid',
    );
  });

  it('signs with the signing certificate of a dual pair, never the encryption one', async () => {
    const dual = certificates.get('dual')!;
    await expect(
      holder.sign({ content, certificateFingerprint: await fingerprintOf(dual.encryption!) }),
    ).rejects.toMatchObject({ code: 'certificate-not-for-signing' });
    const { signature, signer } = await holder.sign({
      content,
      certificateFingerprint: await fingerprintOf(dual.signing),
    });
    expect(signer.certificate.keyUsage).toContain('digitalSignature');
    expect(opensslAccepts(dual.signing, signature)).toBe(true);
    expect(opensslAccepts(dual.encryption!, signature)).toBe(false);
  });

  it('falls back to the token-hashed mechanism when the key refuses the raw one (CKR_MECHANISM_INVALID)', async () => {
    const certificatePath = certificates.get('longmai')!.signing;
    const certificateFingerprint = await fingerprintOf(certificatePath);
    await holder.sign({ content, certificateFingerprint }); // the raw CKM_SM2 is now the known one
    await keys.injectFault('longmai', { op: 'C_SignInit', rv: 'CKR_MECHANISM_INVALID' });
    const fault = join(keys.home, 'keys', 'longmai', 'faults', 'C_SignInit');
    expect(existsSync(fault)).toBe(true);
    const { signature } = await holder.sign({ content, certificateFingerprint });
    expect(existsSync(fault)).toBe(false); // consumed by the refused raw mechanism
    expect(opensslAccepts(certificatePath, signature)).toBe(true);
    expect((await holder.verify({ content, signature })).outcome).toBe('valid');
  });

  describe('each vendor mechanism on its own, through the token layer', () => {
    let library: pkcs11js.PKCS11;
    beforeAll(() => {
      library = new pkcs11js.PKCS11();
      library.load(keys.modulePath);
      library.C_Initialize();
    });
    afterAll(() => library?.C_Finalize());

    for (const vendor of vendors) {
      const numbering = knownSm2Numberings().find((entry) => entry.id === vendor)!;
      for (const mechanism of numbering.mechanisms) {
        it(`${vendor} ${mechanism.name} (${mechanism.value.toString(16)}: hashing ${mechanism.hashing}, ${mechanism.output})`, () => {
          const certificatePath = certificates.get(vendor)!.signing;
          const slot = library
            .C_GetSlotList(true)
            .find((handle) => library.C_GetTokenInfo(handle).label.trim() === vendor)!;
          expect(library.C_GetMechanismList(slot)).toContain(mechanism.value);
          const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
          try {
            library.C_Login(session, pkcs11js.CKU_USER, '123456');
            library.C_FindObjectsInit(session, [
              { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
              { type: pkcs11js.CKA_KEY_TYPE, value: numbering.keyType },
            ]);
            const [key] = library.C_FindObjects(session, 1);
            library.C_FindObjectsFinal(session);
            expect(key).toBeDefined();
            const point = opensslSm2PublicPoint(certificatePath);
            const z = sm2Z(sm2PointFromEncoded(point));
            const zAndMessage = Buffer.concat([z, content]);
            library.C_SignInit(session, { mechanism: mechanism.value }, key!);
            const answer = library.C_Sign(
              session,
              sm2MechanismInput(mechanism, 'sm2-message', zAndMessage),
              Buffer.alloc(256),
            );
            expect(answer.length === 64).toBe(mechanism.output === 'r-s');
            const der = sm2RawToDer(sm2SignatureAsRaw(mechanism, new Uint8Array(answer)));
            // e by OpenSSL, not by the code under test.
            const e = opensslSm2E(point, content);
            expect(Buffer.from(e).equals(Buffer.from(sm2MessageDigest(z, content)))).toBe(true);
            expect(opensslSm2VerifyE(keys.home, certificatePath, e, der).ok).toBe(true);
          } finally {
            library.C_CloseSession(session);
          }
        });
      }
    }
  });

  it('the SM2 CA certificate is PEM the holder can trust', () => {
    expect(readFileSync(sm2CaCertificatePath(keys.home), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
