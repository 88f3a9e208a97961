// The reference check: what we produce must pass `openssl cms -verify -cades`, the verifier
// hospital systems and CA tooling are most likely to agree with.
import { beforeAll, describe, expect, it } from 'vitest';
import { derToPem } from '../../../src-main/certs/pem';
import { createCadesDetachedSignature } from '../../../src-main/signing/create-cades-signature';
import { SignatureFormatError } from '../../../src-main/signing/signature-format-error';
import { verifyCadesDetached } from '../../../src-main/signing/verify-cades-detached';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, withTempDir, writeFiles } from './openssl';
import {
  createTestCa,
  issueHolder,
  tokenProviderFor,
  type KeyKind,
  type TestCa,
  type TestHolder,
} from './test-pki';

const content = new TextEncoder().encode('门诊病历 2024-05-01：患者主诉头痛三天。\n');
const verifyArgs = [
  'cms',
  '-verify',
  '-binary',
  '-cades',
  '-inform',
  'DER',
  '-in',
  'sig.p7s',
  '-content',
  'doc',
  '-CAfile',
  'ca.pem',
  '-purpose',
  'any',
  '-out',
  '/dev/null',
];

describe.each<KeyKind>(['RSA', 'EC'])(
  'CAdES-BES detached signature with a %s key, checked by openssl',
  (kind) => {
    let ca: TestCa;
    let holder: TestHolder;
    let signature: Uint8Array;

    beforeAll(async () => {
      ca = await createTestCa(undefined, 'RSA');
      holder = await issueHolder(ca, { kind });
      signature = await createCadesDetachedSignature({
        content,
        signerCertificateDer: holder.der,
        signer: tokenProviderFor(holder),
        signingTime: new Date(),
      });
    });

    it('verifies with openssl cms -verify -cades', () => {
      withTempDir((dir) => {
        writeFiles(dir, { 'sig.p7s': signature, doc: content, 'ca.pem': derToPem(ca.der) });
        const run = openssl(dir, verifyArgs);
        expect(run.stderr).toContain('Verification successful');
        expect(run.status).toBe(0);
      });
    });

    it('fails openssl verification after one byte of the content changes', () => {
      const changed = Uint8Array.from(content);
      changed[3] = changed[3]! ^ 0x01;
      withTempDir((dir) => {
        writeFiles(dir, { 'sig.p7s': signature, doc: changed, 'ca.pem': derToPem(ca.der) });
        expect(openssl(dir, verifyArgs).status).not.toBe(0);
      });
    });

    it('carries the ESS signingCertificateV2 attribute and no embedded content', () => {
      withTempDir((dir) => {
        writeFiles(dir, { 'sig.p7s': signature });
        const run = openssl(dir, ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'sig.p7s']);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
        expect(run.stdout).toContain('eContent: <ABSENT>');
        expect(run.stdout).toMatch(/signingTime/);
        expect(run.stdout).toMatch(/messageDigest/);
      });
    });
  },
);

describe.each<KeyKind>(['RSA', 'EC'])(
  'signatures made by openssl with a %s key, checked by our verifier',
  (kind) => {
    let ca: TestCa;
    let holder: TestHolder;

    beforeAll(async () => {
      ca = await createTestCa(undefined, kind);
      holder = await issueHolder(ca, { kind });
    });

    function opensslSign(extraArgs: string[]): Uint8Array {
      return withTempDir((dir) => {
        writeFiles(dir, {
          doc: content,
          'cert.pem': derToPem(holder.der),
          'key.pem': holder.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        });
        const args = [
          'cms',
          '-sign',
          '-binary',
          '-cades',
          '-md',
          'sha256',
          '-in',
          'doc',
          '-signer',
          'cert.pem',
        ];
        const run = openssl(dir, [
          ...args,
          '-inkey',
          'key.pem',
          '-outform',
          'DER',
          '-out',
          'sig.p7s',
          ...extraArgs,
        ]);
        expect(run.status, run.stderr).toBe(0);
        return new Uint8Array(readFileSync(join(dir, 'sig.p7s')));
      });
    }

    it('accepts an openssl CAdES detached signature', async () => {
      const signature = opensslSign([]);
      const result = await verifyCadesDetached({ content, signature, trustedCertificatesDer: [ca.der] });
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({
        valid: true,
        integrity: 'ok',
        signingCertificateMatches: true,
        chain: 'trusted',
      });
    });

    it('refuses an attached (non-detached) signature with SignatureFormatError', async () => {
      const signature = opensslSign(['-nodetach']);
      await expect(verifyCadesDetached({ content, signature })).rejects.toBeInstanceOf(SignatureFormatError);
    });
  },
);
