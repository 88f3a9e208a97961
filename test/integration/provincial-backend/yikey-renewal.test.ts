// YiKey's own client against the reference provincial backend, both as real processes: the
// holder of a virtual USBKEY runs `yikey request renew`, the unit administrator and the
// information centre approve with the backend's CLI, `yikey requests sync` installs the one-year
// certificate the CA on SoftHSM issued; a second holder's request rejected by the unit shows the
// reviewer's reason in `yikey requests`. OpenSSL verifies the installed certificate.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkcs11Tool } from '../../helpers/renewal-fixture';
import { backendCliJson, runBackendCli, type BackendProcess } from '../../helpers/provincial-backend-process';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { runCli } from '../../helpers/run-cli';
import type { VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const pin = '123456';

interface YikeyRequest {
  id: string;
  stage: string;
  stageText: string;
  newKeyId: string;
  statusText: string[];
  lastError: { code: string } | null;
}

describe('yikey request renew against the reference provincial backend', () => {
  let work: string;
  let data: string;
  let keys: VirtualKeyHome;
  let backend: BackendProcess;
  let trustBundle: string;

  let world: BackendAndHolders | undefined;

  beforeAll(async () => {
    world = await startBackendAndHolders('yikey-backend-renewal-', async (home) => {
      await home.initKey({ label: 'doctor', pin, commonName: '张三' });
      await home.initKey({ label: 'nurse', pin, commonName: '赵六' });
    });
    ({ work, data, keys, backend, trustBundle } = world);
  });

  afterAll(async () => await world?.stop());

  const env = (label: string): NodeJS.ProcessEnv => ({
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_TRUSTED_CA: trustBundle,
    YIKEY_DATA_DIR: path.join(work, `yikey-${label}`),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: backend.origin,
    YIKEY_LANG: 'zh-CN',
  });
  const yikeyRequests = async (label: string): Promise<YikeyRequest[]> => {
    const listed = await runCli(['requests', '--json'], { env: env(label) });
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { requests: YikeyRequest[] }).requests;
  };
  const backendRenewals = () =>
    backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]).filter(
      (request) => request.kind === 'renew',
    );
  const backendCli = (...args: string[]) => {
    const result = runBackendCli([...args, '--data', data]);
    expect(result.status, result.stderr).toBe(0);
  };
  /** What pkcs11-tool lists of the private keys on one key (logged in with its PIN). */
  const privateKeyListing = (label: string) =>
    pkcs11Tool(keys, [
      '--token-label',
      label,
      '--login',
      '--pin',
      pin,
      '--list-objects',
      '--type',
      'privkey',
    ]);

  it(
    'renews after both approvals: one-year certificate on the key, old key retired',
    { timeout: 120_000 },
    async () => {
      await keys.unplug('nurse');
      const submitted = await runCli(['request', 'renew', '--pin-stdin', '--wait', '0'], {
        env: env('doctor'),
        stdin: `${pin}\n`,
      });
      expect(submitted.code, submitted.stderr).toBe(0);
      const [waiting] = await yikeyRequests('doctor');
      expect(waiting).toMatchObject({ stage: 'waiting', lastError: null });
      expect(waiting!.stageText).toMatch(/单位审核/);

      const [pending] = backendRenewals();
      backendCli('approve', String(pending!.id), '--as', 'unit');
      backendCli('approve', String(pending!.id), '--as', 'center');

      const synced = await runCli(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
        env: env('doctor'),
        stdin: `${pin}\n`,
      });
      expect(synced.code, synced.stderr).toBe(0);
      const [done] = await yikeyRequests('doctor');
      expect(done).toMatchObject({ id: waiting!.id, stage: 'completed', lastError: null });

      const certificateFile = path.join(work, 'doctor-renewed.der');
      pkcs11Tool(keys, [
        '--token-label',
        'doctor',
        '--read-object',
        '--type',
        'cert',
        '--id',
        done!.newKeyId,
        '--output-file',
        certificateFile,
      ]);
      const pem = spawnSync(
        'openssl',
        [
          'x509',
          '-inform',
          'DER',
          '-in',
          certificateFile,
          '-noout',
          '-enddate',
          '-subject',
          '-nameopt',
          'utf8',
        ],
        { encoding: 'utf8' },
      );
      expect(pem.stdout).toContain('张三');
      const days = (Date.parse(/notAfter=(.*)/.exec(pem.stdout)![1]!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(360);
      const pemFile = `${certificateFile}.pem`;
      spawnSync('openssl', ['x509', '-inform', 'DER', '-in', certificateFile, '-out', pemFile]);
      const verify = spawnSync(
        'openssl',
        ['verify', '-CAfile', path.join(data, 'ca', 'ca.cert.pem'), pemFile],
        {
          encoding: 'utf8',
        },
      );
      expect(verify.stdout).toContain(': OK');
      const privateKeys = privateKeyListing('doctor');
      expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
      expect(privateKeys).toContain(done!.newKeyId);
      expect(backendRenewals().find((request) => request.id === pending!.id)?.stage).toBe('done');
    },
  );

  it(
    'a rejection by the unit shows the reviewer\u2019s reason and keeps the current key',
    { timeout: 120_000 },
    async () => {
      await keys.unplug('doctor');
      await keys.plug('nurse');
      const submitted = await runCli(['request', 'renew', '--pin-stdin', '--wait', '0'], {
        env: env('nurse'),
        stdin: `${pin}\n`,
      });
      expect(submitted.code, submitted.stderr).toBe(0);
      const pending = backendRenewals().find((request) => request.stage !== 'done');
      backendCli('reject', String(pending!.id), '--as', 'unit', '--reason', '工号与人事系统不一致');

      const synced = await runCli(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
        env: env('nurse'),
        stdin: `${pin}\n`,
      });
      expect(synced.code).toBe(1);
      expect(synced.stderr).toContain('工号与人事系统不一致');
      const [rejected] = await yikeyRequests('nurse');
      expect(rejected).toMatchObject({ stage: 'rejected', lastError: { code: 'request-rejected' } });
      expect(rejected!.statusText.join(' ')).toContain('工号与人事系统不一致');
      const privateKeys = privateKeyListing('nurse');
      expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
    },
  );
});
