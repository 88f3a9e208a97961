// Faults at every step of 变更 (cr), 注销 (rr) and PIN码解锁 (genm) with YiKey's CLI against the
// reference provincial backend, all real processes: kill -9 of the CLI's process group timed by
// the journal (or, for the unlock, by the key's call log right after the SO PIN was rotated),
// the key pulled out at the step, the backend killed -9 and restarted, and the stored request
// delivered twice more. Each ends in a clear state that `yikey requests sync` resumes; one
// request at the backend, one new key pair (pkcs11-tool), the issued certificate installed once;
// the unlock ends with the holder's PIN set, the SO PIN rotated and the backend told, and neither
// the code nor any PIN is written anywhere in YiKey's data folder or the backend's database.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCallLog, enableCallLog } from '../../../native/vusbkey/control/vusbkey';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { journalShows, killCliWhen } from '../../helpers/kill-during-stage';
import { issueUnlockCode } from '../../helpers/pin-unlock-messages';
import { listTokenObjects, pkcs11ToolLogsIn, readCertificateFromToken } from '../../helpers/pkcs11-tool';
import { runBackendCli } from '../../helpers/provincial-backend-process';
import { runCli } from '../../helpers/run-cli';
import {
  backendRequests,
  holderEnv,
  journalRecord,
  onlyPlugged,
  yikeyRequests,
} from '../../helpers/yikey-against-backend';

const pin = '123456';
const soPin = '12345678'; // the virtual keys' SO PIN, sealed by the backend at seed time
const labels = ['mover', 'leaver', 'locked'] as const;
type Label = (typeof labels)[number];

describe('faults during change, revocation and PIN unlock against the reference backend', () => {
  let world: BackendAndHolders;

  beforeAll(async () => {
    world = await startBackendAndHolders('yikey-lifecycle-faults-', async (home) => {
      const person = (commonName: string, idNumber: string) => ({ pin, commonName, idNumber });
      await home.initKey({ label: 'mover', ...person('吴十', '110101198201011233'), unit: '药剂科' });
      await home.initKey({ label: 'leaver', ...person('周九', '110101198101011232') });
      await home.initKey({ label: 'locked', ...person('钱七', '110101198301011235'), maxTries: 3 });
    });
  });
  afterAll(async () => await world?.stop());

  const env = (label: Label) => holderEnv(world, label);
  const yikey = (label: Label, args: string[], stdin = `${pin}\n`) =>
    runCli(args, { env: env(label), stdin });
  const approve = (id: number, as: 'unit' | 'center') =>
    expect(runBackendCli(['approve', String(id), '--as', as, '--data', world.data]).status).toBe(0);
  const objects = (label: Label, type: 'privkey' | 'cert') => listTokenObjects(world.keys, label, pin, type);
  const count = (listing: string, kind: string) => listing.split(kind).length - 1;
  /** The serial number (hex, lower case) of the certificate the key was made with. */
  const certificateSerial = (label: Label) =>
    /serial=([0-9A-F]+)/i
      .exec(
        spawnSync(
          'openssl',
          ['x509', '-in', path.join(world.keys.home, 'keys', label, 'cert.pem'), '-noout', '-serial'],
          { encoding: 'utf8' },
        ).stdout,
      )![1]!
      .toLowerCase();
  /** The stored request bytes POSTed to the backend as they are: a duplicate delivery. */
  const deliverAgain = async (label: Label, id: string): Promise<Buffer> => {
    const stored = journalRecord<{ requestMessage: string }>(env(label), id).requestMessage;
    const response = await fetch(`${world.backend.origin}/.well-known/cmp`, {
      method: 'POST',
      headers: { 'content-type': 'application/pkixcmp' },
      body: Buffer.from(stored, 'base64'),
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it(
    'a change survives kill -9 at key generation, install and retirement, a pulled-out key, the backend down and a duplicate cr',
    { timeout: 240_000 },
    async () => {
      await onlyPlugged(world, labels, 'mover');
      const ask = ['request', 'change', '--department', '心内科', '--pin-stdin', '--wait', '0'];
      await world.keys.setLatency('mover', { op: 'C_GenerateKeyPair', ms: 3000 });
      await killCliWhen(ask, {
        env: env('mover'),
        stdin: `${pin}\n`,
        due: journalShows(env('mover').YIKEY_DATA_DIR!, 'key-pending'),
      });
      await world.keys.setLatency('mover', { op: 'C_GenerateKeyPair', ms: 0 });
      const [cut] = await yikeyRequests(env('mover'));
      expect(cut).toMatchObject({ kind: 'change', stage: 'key-pending' });

      // Pulled out: the request waits and says why.
      await world.keys.unplug('mover');
      await yikey('mover', ['requests', 'sync', '--pin-stdin', '--wait', '0']);
      expect((await yikeyRequests(env('mover')))[0]).toMatchObject({
        id: cut!.id,
        stage: 'key-pending',
        lastError: { code: 'token-not-present' },
      });
      await world.keys.plug('mover');

      // The backend is down: the key pair is made (once, under the journaled CKA_ID), the cr kept.
      await world.backend.kill9();
      await yikey('mover', ['requests', 'sync', '--pin-stdin', '--wait', '0']);
      const [kept] = await yikeyRequests(env('mover'));
      expect(kept).toMatchObject({ stage: 'request-ready', lastError: { code: 'backend-unreachable' } });
      expect(kept!.newKeyId).toBe(cut!.newKeyId);
      expect(count(objects('mover', 'privkey'), 'Private Key Object')).toBe(2);
      // Asking again continues the open request: no second key pair, no second request.
      await yikey('mover', ask);
      expect(await yikeyRequests(env('mover'))).toHaveLength(1);
      expect(count(objects('mover', 'privkey'), 'Private Key Object')).toBe(2);

      // Back up; the stored cr arrives twice before YiKey resends it: one request, one answer.
      await world.restartBackend();
      const first = await deliverAgain('mover', kept!.id);
      expect(await deliverAgain('mover', kept!.id)).toEqual(first);
      expect(backendRequests(world.data, 'change')).toHaveLength(1);
      const resent = await yikey('mover', ['requests', 'sync', '--pin-stdin', '--wait', '0']);
      expect(resent.code, resent.stderr).toBe(0);
      expect((await yikeyRequests(env('mover')))[0]).toMatchObject({ stage: 'waiting', lastError: null });
      const [pending] = backendRequests(world.data, 'change');
      expect(backendRequests(world.data, 'change')).toHaveLength(1);
      approve(pending!.id, 'unit');
      approve(pending!.id, 'center');

      // kill -9 while the certificate is written, then while the old key is removed.
      await world.keys.setLatency('mover', { op: 'C_CreateObject', ms: 3000 });
      const sync = ['requests', 'sync', '--pin-stdin', '--wait', '10'];
      await killCliWhen(sync, {
        env: env('mover'),
        stdin: `${pin}\n`,
        due: journalShows(env('mover').YIKEY_DATA_DIR!, 'issued'),
      });
      await world.keys.setLatency('mover', { op: 'C_CreateObject', ms: 0 });
      expect((await yikeyRequests(env('mover')))[0]).toMatchObject({ stage: 'issued' });
      await world.keys.setLatency('mover', { op: 'C_DestroyObject', ms: 3000 });
      await killCliWhen(sync, {
        env: env('mover'),
        stdin: `${pin}\n`,
        due: journalShows(env('mover').YIKEY_DATA_DIR!, 'confirmed'),
      });
      await world.keys.setLatency('mover', { op: 'C_DestroyObject', ms: 0 });
      expect(backendRequests(world.data, 'change')[0]!.stage).toBe('done');

      const finished = await yikey('mover', sync);
      expect(finished.code, finished.stderr).toBe(0);
      const [done] = await yikeyRequests(env('mover'));
      expect(done).toMatchObject({ id: cut!.id, stage: 'completed', lastError: null });
      const privateKeys = objects('mover', 'privkey');
      expect(count(privateKeys, 'Private Key Object')).toBe(1);
      expect(privateKeys).toContain(done!.newKeyId);
      expect(count(objects('mover', 'cert'), 'Certificate Object')).toBe(1);
      const der = path.join(world.work, 'mover.der');
      readCertificateFromToken(world.keys, 'mover', done!.newKeyId, der);
      const subject = spawnSync(
        'openssl',
        ['x509', '-inform', 'DER', '-in', der, '-noout', '-subject', '-nameopt', 'utf8'],
        {
          encoding: 'utf8',
        },
      );
      expect(subject.stdout).toContain('OU=心内科');
      expect(backendRequests(world.data, 'change')).toHaveLength(1);
    },
  );

  it(
    'a revocation survives kill -9 after the rr is journaled, a duplicate rr, the backend down and a key pulled out while it is removed',
    { timeout: 240_000 },
    async () => {
      await onlyPlugged(world, labels, 'leaver');
      const serial = certificateSerial('leaver').toUpperCase();
      await killCliWhen(['request', 'revoke', '--reason', 'leaving', '--pin-stdin', '--wait', '0'], {
        env: env('leaver'),
        stdin: `${pin}\n`,
        due: journalShows(env('leaver').YIKEY_DATA_DIR!, 'request-ready'),
      });
      const [cut] = await yikeyRequests(env('leaver'));
      expect(cut).toMatchObject({ kind: 'revoke', stage: 'request-ready' });

      // Whether or not the killed run had sent it: the same rr twice more, one request, one answer.
      const first = await deliverAgain('leaver', cut!.id);
      expect(await deliverAgain('leaver', cut!.id)).toEqual(first);
      const resent = await yikey('leaver', ['requests', 'sync', '--pin-stdin', '--wait', '0']);
      expect(resent.code, resent.stderr).toBe(0);
      expect((await yikeyRequests(env('leaver')))[0]).toMatchObject({ id: cut!.id, stage: 'waiting' });
      const open = backendRequests(world.data, 'revoke');
      expect(open).toHaveLength(1);

      // Approved while the backend is down: YiKey keeps waiting and says why.
      await world.backend.kill9();
      approve(open[0]!.id, 'unit');
      approve(open[0]!.id, 'center');
      await yikey('leaver', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect((await yikeyRequests(env('leaver')))[0]).toMatchObject({
        stage: 'waiting',
        lastError: { code: 'backend-unreachable' },
      });
      expect(count(objects('leaver', 'privkey'), 'Private Key Object')).toBe(1);
      await world.restartBackend();

      // Revoked at the backend; the key is pulled out at the first C_DestroyObject.
      await world.keys.injectFault('leaver', { op: 'C_DestroyObject', unplug: true });
      await yikey('leaver', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect((await yikeyRequests(env('leaver')))[0]).toMatchObject({
        stage: 'confirmed',
        lastError: { code: 'token-removed' },
      });
      const crl = Buffer.from(await (await fetch(`${world.backend.origin}/crl`)).arrayBuffer());
      const crlFile = path.join(world.work, 'faults.crl');
      writeFileSync(crlFile, crl);
      const crlText = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text'], {
        encoding: 'utf8',
      });
      expect(crlText.stdout.toUpperCase()).toContain(serial);
      await world.keys.plug('leaver');
      expect(count(objects('leaver', 'privkey'), 'Private Key Object')).toBe(1);

      const finished = await yikey('leaver', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect(finished.code, finished.stderr).toBe(0);
      expect((await yikeyRequests(env('leaver')))[0]).toMatchObject({
        id: cut!.id,
        stage: 'completed',
        lastError: null,
      });
      expect(objects('leaver', 'privkey')).not.toMatch(/Private Key Object/);
      expect(backendRequests(world.data, 'revoke')).toHaveLength(1);
    },
  );

  it(
    'a PIN unlock killed -9 after the SO PIN rotation, before the backend was told, resumes and ends with the PIN set and no secret written',
    { timeout: 240_000 },
    async () => {
      await onlyPlugged(world, labels, 'locked');
      for (let attempt = 0; attempt < 3; attempt++) pkcs11ToolLogsIn(world.keys, '000000', 'locked');
      expect(pkcs11ToolLogsIn(world.keys, pin, 'locked')).toBe(false);
      const code = issueUnlockCode(world.data, certificateSerial('locked'));
      const newPin = '583920';
      const outputs: string[] = [];
      const run = async (args: string[], stdin: string) => {
        const result = await yikey('locked', args, stdin);
        outputs.push(result.stdout, result.stderr);
        return result;
      };
      const unlockDir = env('locked').YIKEY_DATA_DIR!;

      // kill -9 once the first genm's record exists: sent or not, the resume asks again.
      await killCliWhen(['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'], {
        env: env('locked'),
        stdin: `${code.code}\n`,
        due: journalShows(unlockDir, 'request-ready', 'unlock-requests'),
      });
      const asked = await run(['requests', 'sync', '--pin-stdin', '--wait', '0'], `${code.code}\n`);
      expect(asked.code, asked.stderr).toBe(0);
      const [waiting] = (await yikeyRequests(env('locked'))).filter((request) => request.kind === 'unlock');
      expect(waiting).toMatchObject({ stage: 'waiting' });
      // What a run killed after the backend answered its first genm but before journaling the
      // answer leaves: no recipNonce, stage request-ready. The genm is rebuilt (nothing derived
      // from the code is kept), so it cannot echo a nonce; the backend still answers it.
      const file = path.join(unlockDir, 'unlock-requests', `${waiting!.id}.json`);
      const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
        history: unknown[];
      };
      delete record.recipNonce;
      delete record.nextPollAt;
      writeFileSync(
        file,
        JSON.stringify({ ...record, stage: 'request-ready', history: record.history.slice(0, 1) }),
      );
      const lostAnswer = await run(['requests', 'sync', '--pin-stdin', '--wait', '0'], `${code.code}\n`);
      expect(lostAnswer.code, lostAnswer.stderr).toBe(0);
      expect(
        (await yikeyRequests(env('locked'))).find((request) => request.id === waiting!.id),
      ).toMatchObject({
        stage: 'waiting',
        lastError: null,
      });
      const [pending] = backendRequests(world.data, 'unlock');
      expect(backendRequests(world.data, 'unlock')).toHaveLength(1);
      approve(pending!.id, 'unit');

      // The host's call sequence: C_Login(SO) → C_InitPIN → C_SetPIN(SO PIN → next) → C_Logout →
      // C_Login(USER, one-time PIN) → C_SetPIN(holder's PIN). The call log shows that C_Logout
      // once the SO PIN was rotated; the second C_Login then sleeps 3 s, and the kill lands there.
      enableCallLog(world.keys.home);
      await world.keys.setLatency('locked', { op: 'C_Login', ms: 3000 });
      const rotated = () => {
        const calls = readCallLog(world.keys.home);
        const soLogin = calls.findIndex((call) => call.fn === 'C_Login' && call.rv === 0);
        return soLogin >= 0 && calls.slice(soLogin + 1).some((call) => call.fn === 'C_Logout');
      };
      await killCliWhen(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
        env: env('locked'),
        stdin: `${code.code}\n${newPin}\n${newPin}\n`,
        due: rotated,
      });
      await world.keys.setLatency('locked', { op: 'C_Login', ms: 0 });
      expect(
        (await yikeyRequests(env('locked'))).find((request) => request.id === waiting!.id),
      ).toMatchObject({
        stage: 'unlocking',
      });
      expect(backendRequests(world.data, 'unlock')[0]!.stage).not.toBe('done');

      // The backend down too: nothing is lost, the stage stays.
      await world.backend.kill9();
      await run(['requests', 'sync', '--pin-stdin', '--wait', '0'], `${code.code}\n${newPin}\n${newPin}\n`);
      expect(
        (await yikeyRequests(env('locked'))).find((request) => request.id === waiting!.id),
      ).toMatchObject({
        stage: 'unlocking',
        lastError: { code: 'backend-unreachable' },
      });
      await world.restartBackend();

      const resumed = await run(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n${newPin}\n${newPin}\n`,
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(
        (await yikeyRequests(env('locked'))).find((request) => request.id === waiting!.id),
      ).toMatchObject({
        stage: 'completed',
        lastError: null,
      });
      expect(backendRequests(world.data, 'unlock')).toMatchObject([{ id: pending!.id, stage: 'done' }]);
      // The resumed run found the key on the new SO PIN: its SO login with the one on record was
      // refused once (CKR_PIN_INCORRECT), and the one with the new SO PIN succeeded.
      const soLogins = readCallLog(world.keys.home).filter((call) => call.fn === 'C_Login');
      expect(soLogins.filter((call) => call.rv === 0xa0)).toHaveLength(1);
      expect(pkcs11ToolLogsIn(world.keys, newPin, 'locked')).toBe(true);
      // The SO PIN was rotated: the old one no longer logs in (C_InitPIN needs a read-write session).
      const oldSo = spawnSync(
        'pkcs11-tool',
        [
          '--module',
          world.keys.modulePath,
          '--token-label',
          'locked',
          '--login',
          '--login-type',
          'so',
          '--so-pin',
          soPin,
          '--init-pin',
          '--new-pin',
          '111111',
        ],
        { encoding: 'utf8', env: world.keys.env },
      );
      expect(oldSo.stderr).toContain('CKR_PIN_INCORRECT');

      // Never written: not in YiKey's data folder (journal, logs), its output, or the backend's database.
      const secrets = [code.code, soPin, newPin];
      for (const file of filesUnder(unlockDir).concat(
        filesUnder(world.data).filter((name) => name.includes('sqlite')),
      ))
        for (const secret of secrets)
          expect(readFileSync(file).includes(secret), `${secret} in ${file}`).toBe(false);
      for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
    },
  );

  /** The locked key locked again, a new code, `yikey request unlock`, the unit's approval. */
  const approvedUnlock = async () => {
    await onlyPlugged(world, labels, 'locked');
    for (let attempt = 0; attempt < 3; attempt++) pkcs11ToolLogsIn(world.keys, '000000', 'locked');
    const code = issueUnlockCode(world.data, certificateSerial('locked'));
    const submitted = await yikey(
      'locked',
      ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
      `${code.code}\n`,
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const pending = backendRequests(world.data, 'unlock').find((request) => request.stage !== 'done')!;
    approve(pending.id, 'unit');
    const open = () =>
      yikeyRequests(env('locked')).then((all) => all.find((request) => request.reference === code.reference));
    return { code, pending, open };
  };

  it(
    'a second unlock of the same key works with the rotated SO PIN, also when the key is pulled out right after the SO PIN rotation',
    { timeout: 180_000 },
    async () => {
      const { code, pending, open } = await approvedUnlock();
      const newPin = '902417';

      await world.keys.injectFault('locked', { op: 'C_Logout', unplug: true });
      const sync = ['requests', 'sync', '--pin-stdin', '--wait', '10'];
      await yikey('locked', sync, `${code.code}\n${newPin}\n${newPin}\n`);
      // C_Logout follows C_SetPIN(SO): the key is pulled out with the SO PIN already rotated.
      expect(await open()).toMatchObject({ stage: 'unlocking', lastError: { code: 'token-removed' } });
      expect(pkcs11ToolLogsIn(world.keys, newPin, 'locked')).toBe(false);

      await world.keys.plug('locked');
      const resumed = await yikey('locked', sync, `${code.code}\n${newPin}\n${newPin}\n`);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await open()).toMatchObject({ stage: 'completed', lastError: null });
      expect(backendRequests(world.data, 'unlock').find((request) => request.id === pending.id)?.stage).toBe(
        'done',
      );
      expect(pkcs11ToolLogsIn(world.keys, newPin, 'locked')).toBe(true);
    },
  );

  it(
    'a PIN unlock killed -9 once the rotation is journaled, before the backend heard of it, only reports it on resume',
    { timeout: 180_000 },
    async () => {
      const { code, pending, open } = await approvedUnlock();
      const newPin = '360715';
      const secrets = `${code.code}\n${newPin}\n${newPin}\n`;

      // The backend is paused (SIGSTOP) while the key is being unlocked (each C_Login takes 1 s),
      // so the report of the rotation (action 1) cannot reach it; YiKey is killed once the
      // journal says rotated.
      const dataDir = env('locked').YIKEY_DATA_DIR!;
      const unlocking = journalShows(dataDir, 'unlocking', 'unlock-requests');
      const rotated = journalShows(dataDir, 'rotated', 'unlock-requests');
      let paused = false;
      await world.keys.setLatency('locked', { op: 'C_Login', ms: 1000 });
      try {
        await killCliWhen(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
          env: env('locked'),
          stdin: secrets,
          due: () => {
            if (!paused && unlocking()) paused = process.kill(world.backend.pid, 'SIGSTOP');
            return rotated();
          },
        });
      } finally {
        if (paused) process.kill(world.backend.pid, 'SIGCONT');
        await world.keys.setLatency('locked', { op: 'C_Login', ms: 0 });
      }
      expect(await open()).toMatchObject({ stage: 'rotated' });
      expect(pkcs11ToolLogsIn(world.keys, newPin, 'locked')).toBe(true);

      // Resumed in stage rotated, YiKey only sends the report: the key is not touched again.
      enableCallLog(world.keys.home);
      const resumed = await yikey('locked', ['requests', 'sync', '--pin-stdin', '--wait', '10'], secrets);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await open()).toMatchObject({ stage: 'completed', lastError: null });
      expect(readCallLog(world.keys.home).filter((call) => call.fn === 'C_Login')).toEqual([]);
      expect(backendRequests(world.data, 'unlock').find((request) => request.id === pending.id)?.stage).toBe(
        'done',
      );
    },
  );
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile());
}
