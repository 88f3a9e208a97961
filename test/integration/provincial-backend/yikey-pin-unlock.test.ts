// PIN unlock (PIN码解锁) with YiKey's own client against the reference provincial backend, all
// real processes: a virtual USBKEY locked by wrong PINs, `yikey request unlock` with the
// reference number and authorisation code the unit administrator issued (backend CLI
// `authcode`), the unit's approval, `yikey requests sync` setting the new PIN the holder typed
// and rotating the SO PIN. pkcs11-tool, an independent client, confirms the new PIN logs in and
// the old SO PIN no longer does. Hostile input first: a malformed reference, a wrong code, and
// afterwards the used code again — each a clear error that leaves no request behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendCliJson,
  runBackendCli,
  seedDemoBackend,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';
import { runCli } from '../../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const oldSoPin = '12345678'; // the virtual key's SO PIN, sealed by the backend at seed time
const newPin = '654321';

interface YikeyRequest {
  id: string;
  kind: string;
  stage: string;
  stageText: string;
  reference?: string;
  lastError: { code: string } | null;
}

describe('yikey request unlock against the reference provincial backend', () => {
  let work: string;
  let data: string;
  let keys: VirtualKeyHome;
  let backend: BackendProcess;
  let holderSerial: string;
  let trustBundle: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'yikey-pin-unlock-'));
    data = path.join(work, 'data');
    keys = await createVirtualKeyHome();
    await keys.initKey({ maxTries: 3 });
    [holderSerial] = seedDemoBackend(data, keys.home).importedCertificates as [string];
    backend = await startBackend(data, { checkAfterSeconds: 1 });
    trustBundle = path.join(work, 'trusted.pem');
    writeFileSync(
      trustBundle,
      readFileSync(path.join(data, 'ca', 'ca.cert.pem'), 'utf8') + readFileSync(keys.caPath, 'utf8'),
    );
  });
  afterAll(async () => {
    await backend?.stop();
    await keys?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  const dataDir = () => path.join(work, 'yikey');
  const env = (): NodeJS.ProcessEnv => ({
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_TRUSTED_CA: trustBundle,
    YIKEY_DATA_DIR: dataDir(),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: backend.origin,
    YIKEY_LANG: 'zh-CN',
  });
  const yikey = (args: string[], stdin = '') => runCli(args, { env: env(), stdin });
  const yikeyRequests = async (): Promise<YikeyRequest[]> => {
    const listed = await yikey(['requests', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { requests: YikeyRequest[] }).requests;
  };
  const backendUnlocks = () =>
    backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]).filter(
      (request) => request.kind === 'unlock',
    );
  const pkcs11Tool = (...args: string[]) =>
    spawnSync('pkcs11-tool', ['--module', keys.modulePath, ...args], { encoding: 'utf8', env: keys.env });

  it(
    'refuses bad input without a trace, then unlocks after the unit approves: new PIN, new SO PIN',
    { timeout: 180_000 },
    async () => {
      for (let attempt = 0; attempt < 3; attempt++)
        pkcs11Tool('--login', '--pin', '000000', '--list-objects');
      expect(pkcs11Tool('--login', '--pin', '123456', '--list-objects').stderr).toContain('CKR_PIN_LOCKED');

      const code = backendCliJson<{ reference: string; code: string }>([
        'authcode',
        '--holder',
        holderSerial,
        '--purpose',
        'unlock',
        '--data',
        data,
      ]);

      const malformed = await yikey(['request', 'unlock', '--ref', 'abc', '--pin-stdin'], `${code.code}\n`);
      expect(malformed.code).not.toBe(0);
      expect(malformed.stderr).toMatch(/参考号|reference number/);

      const wrong = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin'],
        'WRONG-CODE\n',
      );
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('参考号或授权码不对');
      expect(await yikeyRequests()).toEqual([]);
      expect(backendUnlocks()).toEqual([]);

      const submitted = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
        `${code.code}\n`,
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      const [waiting] = await yikeyRequests();
      expect(waiting).toMatchObject({ kind: 'unlock', stage: 'waiting', reference: code.reference });
      expect(waiting!.stageText).toMatch(/单位审核/);
      // The journal holds neither the code nor any PIN.
      const journalText = readdirSync(path.join(dataDir(), 'unlock-requests'))
        .map((name) => readFileSync(path.join(dataDir(), 'unlock-requests', name), 'utf8'))
        .join('\n');
      expect(journalText).not.toContain(code.code);
      expect(journalText).not.toContain(oldSoPin);

      const [pending] = backendUnlocks();
      expect(runBackendCli(['approve', String(pending!.id), '--as', 'unit', '--data', data]).status).toBe(0);

      const mismatched = await yikey(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n${newPin}\n${newPin}9\n`,
      );
      expect(mismatched.code).not.toBe(0);
      expect((await yikeyRequests())[0]).toMatchObject({ stage: 'approved' });

      const synced = await yikey(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n${newPin}\n${newPin}\n`,
      );
      expect(synced.code, synced.stderr).toBe(0);
      expect(await yikeyRequests()).toMatchObject([{ id: waiting!.id, stage: 'completed', lastError: null }]);
      expect(backendUnlocks()[0]!.stage).toBe('done');

      expect(pkcs11Tool('--login', '--pin', newPin, '--list-objects').status).toBe(0);
      // C_InitPIN needs a read-write session, in which the SO login is tried for real.
      const oldSo = pkcs11Tool(
        '--login',
        '--login-type',
        'so',
        '--so-pin',
        oldSoPin,
        '--init-pin',
        '--new-pin',
        '111111',
      );
      expect(oldSo.status).not.toBe(0);
      expect(oldSo.stderr).toContain('CKR_PIN_INCORRECT');

      const reused = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
        `${code.code}\n`,
      );
      expect(reused.code).not.toBe(0);
      expect(reused.stderr).toContain('already been used');
      expect(await yikeyRequests()).toHaveLength(1);
      expect(existsSync(path.join(dataDir(), 'unlock-requests'))).toBe(true);
    },
  );
});
