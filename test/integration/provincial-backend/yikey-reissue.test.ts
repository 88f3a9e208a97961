// Re-issue (补办) with YiKey's own client against the reference provincial backend, all real
// processes: the holder lost the key that held their certificate; the unit administrator issued
// a re-issue reference number and authorisation code (backend CLI `authcode`); on a new,
// activated key with no certificate, `yikey request reissue` makes a key pair and sends the
// MAC-protected ir; the unit and the centre approve; `yikey requests sync` installs the
// certificate and confirms it. pkcs11-tool (independent client) sees one private key, sensitive
// and never extractable, and the certificate; OpenSSL verifies it and a file signed with it; the
// backend's CRL lists the lost key's certificate. The code lives in the OS keychain (gnome-keyring
// in a private D-Bus session) while the request is open and is gone once it ended. Hostile input
// first: a malformed reference, a wrong code, an unknown reference, an unlock code and an
// expired code — each a clear error that leaves no request, no key pair and no keychain entry.
// Also: the used code again, after the request ended. Then kill -9 of YiKey
// after the ir went out, without a keychain: sync asks for the code and resumes the one request.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCliJson, runBackendCli, type BackendProcess } from '../../helpers/provincial-backend-process';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { runInKeyringSession } from '../../helpers/keyring-session';
import { opensslCmsVerify } from '../../helpers/openssl';
import { pkcs11Tool } from '../../helpers/pkcs11-tool';
import { builtCliEntry, runCli } from '../../helpers/run-cli';
import type { VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const pin = '123456';
const secretProbe = path.resolve('test/helpers/request-secret-probe.ts');

interface YikeyRequest {
  id: string;
  kind: string;
  stage: string;
  stageText: string;
  newKeyId: string;
  reference: string | null;
  lastError: { code: string } | null;
}
type BackendRequest = { id: number; kind: string; stage: string };

describe('yikey request reissue against the reference provincial backend', () => {
  let work: string;
  let data: string;
  let keys: VirtualKeyHome;
  let backend: BackendProcess;
  let trustBundle: string;
  let world: BackendAndHolders | undefined;
  let serials: string[];

  beforeAll(async () => {
    world = await startBackendAndHolders('yikey-reissue-', async (home) => {
      await home.initKey({ label: 'lost', pin, commonName: '张三' });
      await home.initKey({ label: 'lost-b', pin, commonName: '赵六' });
      // The new keys: activated (a user PIN), no certificate.
      await home.initKey({ label: 'spare', pin, certificate: false });
      await home.initKey({ label: 'spare-b', pin, certificate: false });
    });
    ({ work, data, keys, backend, trustBundle } = world);
    serials = world.importedCertificates;
    await keys.unplug('lost');
    await keys.unplug('lost-b');
    await keys.unplug('spare-b');
  });
  afterAll(async () => await world?.stop());

  const dataDir = (label: string) => path.join(work, `yikey-${label}`);
  const env = (label: string): NodeJS.ProcessEnv => ({
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_TRUSTED_CA: trustBundle,
    YIKEY_DATA_DIR: dataDir(label),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: backend.origin,
    YIKEY_LANG: 'zh-CN',
  });
  const keyringHome = () => path.join(work, 'keyring');
  /** The CLI inside the holder's desktop session: gnome-keyring answers keytar. */
  const yikeyWithKeychain = async (label: string, args: string[], stdin: string) => {
    const run = await runInKeyringSession([process.execPath, builtCliEntry, ...args], {
      dataHome: keyringHome(),
      env: env(label),
      stdin,
      timeoutMs: 90_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const keptCode = async (requestId: string) => {
    const run = await runInKeyringSession(
      [process.execPath, '--import', 'tsx', secretProbe, 'load', requestId],
      { dataHome: keyringHome() },
    );
    expect(run.status, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { result: string | null }).result;
  };
  const yikeyRequests = async (label: string): Promise<YikeyRequest[]> => {
    const listed = await runCli(['requests', '--json'], { env: env(label) });
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { requests: YikeyRequest[] }).requests;
  };
  const backendReissues = () =>
    backendCliJson<BackendRequest[]>(['requests', '--data', data]).filter(
      (request) => request.kind === 'reissue',
    );
  const backendCli = (...args: string[]) => {
    const result = runBackendCli([...args, '--data', data]);
    expect(result.status, result.stderr).toBe(0);
  };
  const authCode = (holderSerial: string, purpose: 'reissue' | 'unlock' = 'reissue') =>
    backendCliJson<{ reference: string; code: string }>([
      ...['authcode', '--holder', holderSerial, '--purpose', purpose, '--data', data],
    ]);
  const objectsOn = (label: string, type: 'privkey' | 'cert') =>
    pkcs11Tool(keys, ['--token-label', label, '--login', '--pin', pin, '--list-objects', '--type', type]);
  const crlText = async () => {
    const der = Buffer.from(await (await fetch(`${backend.origin}/crl`)).arrayBuffer());
    const file = path.join(work, `crl-${Date.now()}.der`);
    writeFileSync(file, der);
    const read = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(read.status, read.stderr).toBe(0);
    return read.stdout.toUpperCase();
  };

  it(
    'refuses bad input without a trace, then re-issues on the new key after both approvals',
    { timeout: 240_000 },
    async () => {
      const [lostSerial] = serials as [string];
      const granted = authCode(lostSerial);

      const malformed = await runCli(['request', 'reissue', '--ref', '12ab', '--pin-stdin'], {
        env: env('spare'),
        stdin: `${pin}\n${granted.code}\n`,
      });
      expect(malformed.code).not.toBe(0);
      expect(malformed.stderr).toMatch(/参考号|reference number/);

      // A wrong code, an unknown reference, a code issued for something else (PIN unlock) and an
      // expired one (its expiry moved into the past in the backend's database).
      const unlockCode = authCode(lostSerial, 'unlock');
      const expired = authCode(lostSerial);
      const database = new Database(path.join(data, 'backend.sqlite3'));
      database
        .prepare('UPDATE authorisation_codes SET expires_at = ? WHERE reference = ?')
        .run(new Date(Date.now() - 60_000).toISOString(), expired.reference);
      database.close();
      const refusals = [
        { ref: granted.reference, code: 'WRONG2CODE34', says: '参考号或授权码不对' },
        { ref: '4242424242', code: granted.code, says: '参考号或授权码不对' },
        { ref: unlockCode.reference, code: unlockCode.code, says: '已使用或已过期' },
        { ref: expired.reference, code: expired.code, says: '已使用或已过期' },
      ];
      for (const refusal of refusals) {
        const refused = await yikeyWithKeychain(
          'spare',
          ['request', 'reissue', '--ref', refusal.ref, '--pin-stdin', '--wait', '0'],
          `${pin}\n${refusal.code}\n`,
        );
        expect(refused.code, refused.stdout).not.toBe(0);
        expect(refused.stderr).toContain(refusal.says);
        expect(await yikeyRequests('spare')).toEqual([]);
        expect(objectsOn('spare', 'privkey')).not.toContain('Private Key Object');
        expect(backendReissues()).toEqual([]);
      }

      const submitted = await yikeyWithKeychain(
        'spare',
        ['request', 'reissue', '--ref', granted.reference, '--pin-stdin', '--wait', '0'],
        `${pin}\n${granted.code}\n`,
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stderr, submitted.stderr + submitted.stdout).toContain('授权码已保存在系统钥匙串中');
      const [waiting] = await yikeyRequests('spare');
      expect(waiting).toMatchObject({ kind: 'reissue', stage: 'waiting', lastError: null });
      expect(waiting!.stageText).toMatch(/单位审核/);
      expect(await keptCode(waiting!.id)).toBe(granted.code);
      const journal = path.join(dataDir('spare'), 'requests');
      const journalText = readdirSync(journal)
        .map((name) => readFileSync(path.join(journal, name), 'utf8'))
        .join('\n');
      expect(journalText).not.toContain(granted.code);

      const [pending] = backendReissues();
      backendCli('approve', String(pending!.id), '--as', 'unit');
      backendCli('approve', String(pending!.id), '--as', 'center');

      // The code is not typed again: the keychain has it.
      const synced = await yikeyWithKeychain(
        'spare',
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${pin}\n`,
      );
      expect(synced.code, synced.stderr).toBe(0);
      const [done] = await yikeyRequests('spare');
      expect(done).toMatchObject({ id: waiting!.id, stage: 'completed', lastError: null });
      expect(await keptCode(waiting!.id)).toBeNull();
      expect(backendReissues()[0]!.stage).toBe('done');

      const privateKeys = objectsOn('spare', 'privkey');
      expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
      expect(privateKeys).toContain(done!.newKeyId);
      expect(privateKeys).toMatch(/Access:\s+sensitive, always sensitive, never extractable/);
      const certificateFile = path.join(work, 'spare.der');
      pkcs11Tool(keys, [
        ...['--token-label', 'spare', '--read-object', '--type', 'cert', '--id', done!.newKeyId],
        ...['--output-file', certificateFile],
      ]);
      const pemFile = `${certificateFile}.pem`;
      spawnSync('openssl', ['x509', '-inform', 'DER', '-in', certificateFile, '-out', pemFile]);
      const shown = spawnSync(
        'openssl',
        ['x509', '-in', pemFile, '-noout', '-enddate', '-subject', '-nameopt', 'utf8'],
        { encoding: 'utf8' },
      );
      expect(shown.stdout).toContain('张三');
      const days = (Date.parse(/notAfter=(.*)/.exec(shown.stdout)![1]!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(360);
      const caFile = path.join(data, 'ca', 'ca.cert.pem');
      const verify = spawnSync('openssl', ['verify', '-CAfile', caFile, pemFile], { encoding: 'utf8' });
      expect(verify.stdout).toContain(': OK');

      const record = path.join(work, '出院小结.txt');
      writeFileSync(record, '出院小结：患者张三，2026-12-01。\n');
      const signed = await runCli(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], {
        env: env('spare'),
        stdin: `${pin}\n`,
      });
      expect(signed.code, signed.stderr).toBe(0);
      expect(opensslCmsVerify({ content: record, signature: `${record}.p7s`, caFile }).ok).toBe(true);

      // The lost key's certificate is superseded: revoked, on the CRL.
      expect(await crlText()).toContain(lostSerial.toUpperCase());

      const reused = await yikeyWithKeychain(
        'spare',
        ['request', 'reissue', '--ref', granted.reference, '--pin-stdin', '--wait', '0'],
        `${pin}\n${granted.code}\n`,
      );
      expect(reused.code).not.toBe(0);
      expect(reused.stderr).toContain('已使用或已过期');
      expect(await yikeyRequests('spare')).toHaveLength(1);
      expect(objectsOn('spare', 'privkey').match(/Private Key Object/g)).toHaveLength(1);
    },
  );

  it(
    'kill -9 after the ir went out, no keychain: sync asks for the code and resumes the one request',
    { timeout: 180_000 },
    async () => {
      const [, lostSerial] = serials as [string, string];
      await keys.unplug('spare');
      await keys.plug('spare-b');
      const granted = authCode(lostSerial);
      // No D-Bus session: keytar reaches no keychain.
      const noKeychain = { ...env('spare-b'), DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' };
      const child = spawn(
        process.execPath,
        [builtCliEntry, 'request', 'reissue', '--ref', granted.reference, '--pin-stdin', '--wait', '60'],
        { env: noKeychain, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end(`${pin}\n${granted.code}\n`);
      // The backend has the request: YiKey is now polling (checkAfter 1 s, --wait 60).
      while (backendReissues().filter((request) => request.stage !== 'done').length === 0) {
        expect(child.exitCode, stderr).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      child.kill('SIGKILL');
      await exited;

      const [open] = await yikeyRequests('spare-b');
      expect(open).toMatchObject({ kind: 'reissue', reference: granted.reference });
      expect(['request-ready', 'waiting']).toContain(open!.stage);
      const [pending] = backendReissues().filter((request) => request.stage !== 'done');
      backendCli('approve', String(pending!.id), '--as', 'unit');
      backendCli('approve', String(pending!.id), '--as', 'center');

      const withoutCode = await runCli(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
        env: noKeychain,
        stdin: `${pin}\n`,
      });
      expect(withoutCode.code).not.toBe(0);
      expect(withoutCode.stderr).toMatch(/授权码/);
      expect((await yikeyRequests('spare-b'))[0]).toMatchObject({
        stage: open!.stage,
        lastError: { code: 'request-code-needed' },
      });

      const synced = await runCli(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
        env: noKeychain,
        stdin: `${pin}\n${granted.code}\n`,
      });
      expect(synced.code, synced.stderr).toBe(0);
      expect(await yikeyRequests('spare-b')).toMatchObject([{ id: open!.id, stage: 'completed' }]);
      expect(backendReissues().filter((request) => request.stage === 'done')).toHaveLength(2);
      expect(backendReissues()).toHaveLength(2);
      expect(objectsOn('spare-b', 'privkey').match(/Private Key Object/g)).toHaveLength(1);
      expect(objectsOn('spare-b', 'cert')).toContain(open!.newKeyId);
    },
  );
});
