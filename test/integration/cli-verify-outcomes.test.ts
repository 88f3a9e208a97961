// `yikey verify` gives three outcomes, in words, in --json and in its exit code: valid (0),
// intact but the signer not verified (3), invalid (1). Signatures are made by OpenSSL, so the
// verifier is checked against an independent signer, and no PKCS#11 module is involved: the
// module flag points nowhere and YIKEY_PKCS11_MODULE is unset.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { opensslCa, opensslSigner, opensslSignDetached } from '../helpers/openssl-signer';
import { runCli } from '../helpers/run-cli';

describe('yikey verify: valid, not verified, invalid', () => {
  let dir: string;
  let record: string;
  let ca: { certPath: string; keyPath: string };
  let selfSignedSignature: string;
  let selfSignedCert: string;
  let issuedSignature: string;
  // No module anywhere: verification must not need one.
  const env = { YIKEY_PKCS11_MODULE: undefined, YIKEY_TRUSTED_CA: undefined };
  const verify = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runCli(['--module', '/nonexistent/libpkcs11.so', 'verify', ...args], { env: { ...env, ...extraEnv } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yikey-verify-'));
    record = join(dir, 'record.txt');
    writeFileSync(record, '出院小结：患者李四。\n');
    ca = opensslCa(dir);
    const impostor = opensslSigner(dir, { commonName: '张三' });
    selfSignedCert = impostor.certPath;
    const selfSignedCopy = join(dir, 'record-self.txt');
    writeFileSync(selfSignedCopy, readFileSync(record));
    selfSignedSignature = opensslSignDetached(impostor, selfSignedCopy);
    issuedSignature = opensslSignDetached(opensslSigner(dir, { commonName: '张三', ca }), record);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('valid (exit 0) only when the signer chains to the trusted CA given with --ca', async () => {
    const result = await verify(['--in', record, '--sig', issuedSignature, '--ca', ca.certPath, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      outcome: 'valid',
      valid: true,
      chain: 'trusted',
      problems: [],
    });
    const words = await verify(['--in', record, '--sig', issuedSignature, '--ca', ca.certPath]);
    expect(words.stdout).toContain('签名有效 Signature valid');
    expect(words.stdout).toContain('不是可信时间戳');
  });

  it('a self-signed "张三" is intact but not verified (exit 3), with or without a trust store', async () => {
    const signed = join(dir, 'record-self.txt');
    const noTrust = await verify(['--in', signed, '--sig', selfSignedSignature]);
    expect(noTrust.code).toBe(3);
    expect(noTrust.stdout).toContain('签名完好，但签名人身份未经验证');
    expect(noTrust.stdout).toContain('Signature intact, signer NOT verified: no trusted CA given');
    expect(noTrust.stdout).not.toContain('Signature valid');

    const json = await verify(['--in', signed, '--sig', selfSignedSignature, '--json', '--ca', ca.certPath]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      outcome: 'not-verified',
      valid: false,
      integrity: 'ok',
      chain: 'untrusted',
      signer: { subject: { commonName: '张三' } },
    });
    // The CA-issued signature without --ca: intact, nobody vouches for the signer.
    const noCa = await verify(['--in', record, '--sig', issuedSignature, '--json']);
    expect(noCa.code).toBe(3);
    expect(JSON.parse(noCa.stdout)).toMatchObject({
      outcome: 'not-verified',
      chain: 'not-checked',
      problems: ['trust-not-configured'],
    });
  });

  it('a changed file is invalid (exit 1), whatever the trust', async () => {
    const tampered = join(dir, 'tampered.txt');
    writeFileSync(tampered, '出院小结：患者王五。\n');
    const result = await verify(['--in', tampered, '--sig', issuedSignature, '--ca', ca.certPath, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'invalid', integrity: 'content-changed' });
    const words = await verify(['--in', tampered, '--sig', selfSignedSignature]);
    expect(words.code).toBe(1);
    expect(words.stdout).toContain('签名无效 Signature INVALID');
  });

  it('--ca accepts CA certificates only: a holder certificate is refused with the trust store rule', async () => {
    const result = await verify(['--in', record, '--sig', issuedSignature, '--ca', selfSignedCert]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[trusted-ca-not-ca]');
    expect(result.stderr).toContain('不是CA证书');
  });
});
