// The CLI refuses to sign with a certificate that is expired or not yet valid: such a signature
// would be called invalid by every verifier, so the holder must learn it before signing. The
// refusal comes before the PIN is asked for (no try spent) and writes no file.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('yikey sign with a certificate outside its validity', () => {
  let keys: VirtualKeyHome;
  let env: NodeJS.ProcessEnv;
  let record: string;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'old', expiredDaysAgo: 2 });
    env = { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath };
    record = join(keys.home, 'record.txt');
    await writeFile(record, '出院小结：患者张三。\n');
  });
  afterAll(() => keys.cleanup());

  const triesLeft = async () => (await keys.status()).find((key) => key.label === 'old')?.pinTriesLeft;

  it('refuses an expired certificate with the banner words, writes nothing and spends no PIN try', async () => {
    const out = join(keys.home, 'expired.p7s');
    const before = await triesLeft();
    const result = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], {
      env,
      stdin: '000000\n', // a wrong PIN: had it reached the key, a try would be gone
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '错误 [certificate-expired]: 该数字证书已过期，无法再用于签名。请联系本单位证书管理员申请证书续期。',
    );
    expect(result.stderr).not.toContain('Signed');
    expect(existsSync(out)).toBe(false);
    expect(await triesLeft()).toBe(before);
  });

  it('refuses a certificate that is not valid yet, also when named by fingerprint', async () => {
    const added = await keys.addCertificate('old', { startsInDays: 3 });
    const fingerprint = new X509Certificate(readFileSync(added.file)).fingerprint256;
    const out = join(keys.home, 'future.p7s');
    const result = await runCli(
      ['sign', '--in', record, '--out', out, '--cert', fingerprint, '--pin-stdin'],
      { env: { ...env, YIKEY_LANG: 'en' }, stdin: '123456\n' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error [certificate-not-yet-valid]: This certificate is not valid yet');
    expect(existsSync(out)).toBe(false);
  });
});
