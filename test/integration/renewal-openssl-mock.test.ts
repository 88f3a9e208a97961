// Renewal end to end onto a virtual USBKEY (SoftHSM), through the real CLI, against OpenSSL
// 3.0's CMP mock server: `yikey request renew` while the backend is down keeps the request; the
// CA then issues for the new key (read from the token by pkcs11-tool); `yikey requests sync`
// sends it, polls (pollReq/pollRep, checkAfter), installs, confirms (certConf/pkiConf) and
// retires the old key. Independent checks: pkcs11-tool (the new key is private, sensitive, not
// extractable; one key pair left), openssl verify, openssl cms -verify of a file signed after.
// A kill -9 of the whole CLI process group during key generation and during the install resumes
// with exactly one new key pair and the certificate installed once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslCmsVerify } from '../helpers/openssl';
import { startOpensslCmpMock, type MockCmpServer } from '../helpers/openssl-cmp-mock';
import { issueRenewedCertificate, mockServerCredentials, pkcs11Tool } from '../helpers/renewal-fixture';
import { killCliWhen, journalShows } from '../helpers/kill-during-stage';
import { runCli } from '../helpers/run-cli';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { openssl } from '../helpers/cmp-test-pki';

const pin = '123456';

interface JournalView {
  id: string;
  stage: string;
  newKeyId: string;
  lastError: { code: string } | null;
  statusText: string[];
  history: { stage: string }[];
}

describe('renewal (kur) onto a virtual USBKEY against openssl cmp -port', () => {
  let keys: VirtualKeyHome;
  let temp: { directory: string; cleanup(): void };
  let server: { certPath: string; keyPath: string };
  const mocks: MockCmpServer[] = [];

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    temp = createSafeTempDir('yikey-renewal-');
    server = mockServerCredentials(
      await (async () => {
        await keys.initKey({ label: 'doctor', pin });
        await keys.initKey({ label: 'nurse', pin });
        return keys;
      })(),
      temp.directory,
    );
  });

  afterAll(async () => {
    await Promise.all(mocks.map((mock) => mock.stop()));
    await keys?.cleanup();
    temp?.cleanup();
  });

  const envFor = (label: string, backendUrl: string): NodeJS.ProcessEnv => ({
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_TRUSTED_CA: keys.caPath,
    YIKEY_DATA_DIR: join(temp.directory, `data-${label}`),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: backendUrl,
    YIKEY_LANG: 'zh-CN',
  });
  /** Nothing listens there: the backend is down. */
  const downUrl = 'http://127.0.0.1:9/pkix/';

  const requests = async (env: NodeJS.ProcessEnv): Promise<JournalView[]> => {
    const listed = await runCli(['requests', '--json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { requests: JournalView[] }).requests;
  };

  const privateKeys = (label: string): string[] =>
    pkcs11Tool(keys, ['--token-label', label, '--login', '--pin', pin, '--list-objects', '--type', 'privkey'])
      .split(/\n(?=Private Key Object)/)
      .filter((block) => block.includes('Private Key Object'));

  const startMock = async (rspCertPath: string, extra: string[] = []): Promise<MockCmpServer> => {
    const mock = await startOpensslCmpMock(
      ['-srv_cert', server.certPath, '-srv_key', server.keyPath, '-srv_trusted', keys.caPath].concat([
        '-rsp_cert',
        rspCertPath,
        '-max_msgs',
        '20',
        ...extra,
      ]),
      temp.directory,
    );
    mocks.push(mock);
    return mock;
  };

  const issueFor = (label: string, request: JournalView) =>
    issueRenewedCertificate(keys, {
      tokenLabel: label,
      pin,
      keyIdHex: request.newKeyId,
      oldCertificatePem: readFileSync(join(keys.home, 'keys', label, 'cert.pem'), 'utf8'),
      outPath: join(temp.directory, `${label}-renewed.pem`),
    });

  /** kill -9 of the CLI run once the journal shows `stage`. */
  const killDuring = (args: string[], env: NodeJS.ProcessEnv, stage: string) =>
    killCliWhen(args, { env, stdin: `${pin}\n`, due: journalShows(env.YIKEY_DATA_DIR!, stage) });

  it(
    'renews end to end: backend down, then polling, install, certConf, old key retired',
    { timeout: 90_000 },
    async () => {
      await keys.unplug('nurse'); // one key inserted: the certificate to renew needs no --cert
      const env = envFor('doctor', downUrl);
      const oldCertificatePem = readFileSync(join(keys.home, 'keys', 'doctor', 'cert.pem'), 'utf8');

      const submitted = await runCli(['request', 'renew', '--pin-stdin'], { env, stdin: `${pin}\n` });
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stderr).toContain('backend-unreachable');
      const [pending] = await requests(env);
      expect(pending).toMatchObject({ stage: 'request-ready', lastError: { code: 'backend-unreachable' } });

      // The new key: private, sensitive, never extractable, made on the token (pkcs11-tool's view).
      const keysBefore = privateKeys('doctor');
      expect(keysBefore).toHaveLength(2);
      const newKey = keysBefore.find((block) => block.includes(`ID:         ${pending!.newKeyId}`));
      expect(newKey, keysBefore.join('\n')).toBeDefined();
      expect(newKey).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);
      expect(newKey).toMatch(/Usage:\s+sign\s*\n/);
      expect(
        pkcs11Tool(keys, ['--token-label', 'doctor', '--list-objects', '--type', 'privkey']),
      ).not.toContain(pending!.newKeyId);

      const renewedPath = await issueFor('doctor', pending!);
      const mock = await startMock(renewedPath, ['-poll_count', '2', '-check_after', '1']);
      const synced = await runCli(['requests', 'sync', '--pin-stdin'], {
        env: { ...env, YIKEY_BACKEND_URL: mock.url },
        stdin: `${pin}\n`,
      });
      expect(synced.code, synced.stderr).toBe(0);
      const [done] = await requests(env);
      expect(done).toMatchObject({ id: pending!.id, stage: 'completed', lastError: null });
      // The mock said "waiting" (kup), then pollRep with checkAfter, then kup with the certificate.
      expect(done!.history.map((entry) => entry.stage)).toEqual([
        'key-pending',
        'request-ready',
        'waiting',
        'issued',
        'installed',
        'confirmed',
        'completed',
      ]);
      expect(mock.output().match(/POST/g)!.length).toBeGreaterThanOrEqual(4);

      // One key pair left, under the new CKA_ID, with the issued certificate next to it.
      const keysAfter = privateKeys('doctor');
      expect(keysAfter).toHaveLength(1);
      expect(keysAfter[0]).toContain(pending!.newKeyId);
      const certificateDer = join(temp.directory, 'doctor-on-token.der');
      pkcs11Tool(keys, [
        ...['--token-label', 'doctor', '--read-object', '--type', 'cert', '--id', pending!.newKeyId],
        ...['--output-file', certificateDer],
      ]);
      expect(readFileSync(certificateDer)).toEqual(
        Buffer.from(readFileSync(renewedPath, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'),
      );
      const pemOnToken = join(temp.directory, 'doctor-on-token.pem');
      openssl(['x509', '-inform', 'DER', '-in', certificateDer, '-out', pemOnToken], temp.directory);
      expect(openssl(['verify', '-CAfile', keys.caPath, pemOnToken], temp.directory)).toContain(': OK');
      expect(oldCertificatePem).not.toBe(readFileSync(pemOnToken, 'utf8'));

      // The holder signs with the renewed certificate; OpenSSL verifies the signature.
      const record = join(temp.directory, '出院小结.txt');
      writeFileSync(record, '出院小结：患者张三，2026-11-30。\n');
      const signed = await runCli(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], {
        env,
        stdin: `${pin}\n`,
      });
      expect(signed.code, signed.stderr).toBe(0);
      expect(opensslCmsVerify({ content: record, signature: `${record}.p7s`, caFile: keys.caPath }).ok).toBe(
        true,
      );
    },
  );

  // Eight CLI runs (each starts Node, tsx and a token host) and two deliberate 3 s slowdowns.
  it(
    'kill -9 during key generation and during the install, and a pulled-out key, resume: one new key pair, installed once',
    { timeout: 120_000 },
    async () => {
      await keys.unplug('doctor');
      await keys.plug('nurse');
      const env = envFor('nurse', downUrl);
      await keys.setLatency('nurse', { op: 'C_GenerateKeyPair', ms: 3000 });
      await killDuring(['request', 'renew', '--pin-stdin'], env, 'key-pending');
      await keys.setLatency('nurse', { op: 'C_GenerateKeyPair', ms: 0 });
      const [interrupted] = await requests(env);
      expect(interrupted).toMatchObject({ stage: 'key-pending' });

      const resumed = await runCli(['requests', 'sync', '--pin-stdin'], { env, stdin: `${pin}\n` });
      expect(resumed.code, resumed.stderr).toBe(0);
      const [ready] = await requests(env);
      expect(ready).toMatchObject({
        id: interrupted!.id,
        stage: 'request-ready',
        newKeyId: interrupted!.newKeyId,
      });
      expect(privateKeys('nurse')).toHaveLength(2);

      // Asking again continues the open request: still no second key pair.
      const again = await runCli(['request', 'renew', '--pin-stdin'], { env, stdin: `${pin}\n` });
      expect(again.code, again.stderr).toBe(0);
      expect(await requests(env)).toHaveLength(1);
      expect(privateKeys('nurse')).toHaveLength(2);

      const mock = await startMock(await issueFor('nurse', ready!));
      await keys.setLatency('nurse', { op: 'C_CreateObject', ms: 3000 });
      await killDuring(
        ['requests', 'sync', '--pin-stdin'],
        { ...env, YIKEY_BACKEND_URL: mock.url },
        'issued',
      );
      await keys.setLatency('nurse', { op: 'C_CreateObject', ms: 0 });
      expect((await requests(env))[0]).toMatchObject({ stage: 'issued' });

      // The key pulled out: the request waits, saying why, and nothing is lost.
      await keys.unplug('nurse');
      const unplugged = await runCli(['requests', 'sync', '--pin-stdin'], { env, stdin: `${pin}\n` });
      expect(unplugged.code, unplugged.stderr).toBe(0);
      expect((await requests(env))[0]).toMatchObject({
        stage: 'issued',
        lastError: { code: 'token-not-present' },
      });
      await keys.plug('nurse');

      // The certificate is in the journal: the backend is not needed to install it.
      const finished = await runCli(['requests', 'sync', '--pin-stdin'], {
        env: { ...env, YIKEY_BACKEND_URL: mock.url },
        stdin: `${pin}\n`,
      });
      expect(finished.code, finished.stderr).toBe(0);
      expect((await requests(env))[0]).toMatchObject({ stage: 'completed' });
      expect(privateKeys('nurse')).toHaveLength(1);
      const certificates = pkcs11Tool(keys, ['--token-label', 'nurse', '--list-objects', '--type', 'cert']);
      expect(certificates.match(/Certificate Object/g)).toHaveLength(1);
    },
  );
});
