// Standby token hosts (issue 11; src-main/token/standby-address.ts): each command of the built CLI
// leaves a host started ahead for the next command like it, which that command then uses instead
// of waiting for a second Node start-up. Seen from outside: the processes (/proc), their sockets
// in the test's own runtime folder, and the virtual key's call log, which names the process that
// initialised, logged in and finalised the module.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { opensslCmsVerify } from '../helpers/openssl';
import { runCli, startCliJob, endCliJobs } from '../helpers/run-cli';
import {
  answersAt,
  asleepInKernel,
  isAlive,
  keyWithStandbyFolder,
  listeningStandbyOf,
  removeKeyAndStandbys,
  standbyHostsOf,
  standbySocketFolder,
  standbySockets,
} from '../helpers/standby-hosts';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

const asleep = asleepInKernel;

describe('standby token hosts of the built CLI', () => {
  let keys: VirtualKeyHome;
  let runtimeFolder: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    ({ keys, runtimeFolder, env } = await keyWithStandbyFolder('standby'));
  });

  afterEach(() => {
    endCliJobs(); // A test that failed midway leaves no `yikey watch` running.
    return removeKeyAndStandbys(keys);
  });

  /** Runs `yikey tokens` and checks that it listed the key. */
  async function listTokens(environment = env): Promise<void> {
    const listed = await runCli(['tokens', '--json'], { env: environment });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ label: 'standby' })]);
  }

  const listeningStandby = (): Promise<number> => listeningStandbyOf(keys.home, runtimeFolder);

  const pidsCalling = (fn: string): number[] =>
    readCallLog(keys.home)
      .filter((call) => call.fn === fn)
      .map((call) => call.pid);

  it('a command leaves a standby host; the next command is served by it, and it leaves the next one', async () => {
    await listTokens();
    const standby = await listeningStandby();
    // Private: a folder only this user may enter, a socket only this user may open.
    expect(statSync(standbySocketFolder(runtimeFolder)).mode & 0o777).toBe(0o700);
    expect(statSync(standbySockets(runtimeFolder)[0]!).mode & 0o777).toBe(0o600);
    // What a forked host would have had: the command's environment, without NODE_EXTRA_CA_CERTS.
    const environment = readFileSync(`/proc/${standby}/environ`, 'utf8').split('\0');
    expect(environment).toContain(`VUSBKEY_HOME=${keys.home}`);
    expect(environment.filter((entry) => entry.startsWith('NODE_EXTRA_CA_CERTS='))).toEqual([]);
    // Waiting, it has not loaded the module: nothing of the key is open in it.
    enableCallLog(keys.home);

    await listTokens();
    expect(pidsCalling('C_Initialize')).toEqual([standby]);
    // The command ends once the host let it go; the host finalises the module right after.
    await expect.poll(() => pidsCalling('C_Finalize'), { timeout: 10_000 }).toEqual([standby]);
    await expect.poll(() => isAlive(standby), { timeout: 10_000 }).toBe(false);
    const successor = await listeningStandby();
    expect(successor).not.toBe(standby);
  });

  it('signs with the PIN through a standby host (OpenSSL verifies); that host logs out and is gone after', async () => {
    await listTokens();
    const standby = await listeningStandby();
    enableCallLog(keys.home);
    const record = join(keys.home, 'record.txt');
    writeFileSync(record, '住院病历：患者王五，诊断已复核。\n');

    const signed = await runCli(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], {
      env,
      stdin: '123456\n',
    });
    expect(signed.code, signed.stderr).toBe(0);
    const verified = opensslCmsVerify({ content: record, signature: `${record}.p7s`, caFile: keys.caPath });
    expect(verified.ok, verified.output).toBe(true);
    expect(pidsCalling('C_Login')).toEqual([standby]);
    // Logged out before the command returned; the module is finalised as the host exits.
    expect(pidsCalling('C_Logout')).toEqual([standby]);
    await expect.poll(() => pidsCalling('C_Finalize'), { timeout: 10_000 }).toEqual([standby]);
    // The process that held the login does not outlive the command's end by more than its exit.
    await expect.poll(() => isAlive(standby), { timeout: 10_000 }).toBe(false);
  });

  it('an unclaimed standby host exits after its idle time and removes its socket', async () => {
    const briefly = { ...env, YIKEY_STANDBY_IDLE_SECONDS: '1' };
    await listTokens(briefly);
    const standby = await listeningStandby();
    await expect.poll(() => isAlive(standby), { timeout: 10_000 }).toBe(false);
    expect(standbySockets(runtimeFolder)).toEqual([]);
    expect(standbyHostsOf(keys.home)).toEqual([]);
  });

  it('YIKEY_STANDBY_HOST=off: the command forks its own host and leaves no standby', async () => {
    const off = { ...env, YIKEY_STANDBY_HOST: 'off' };
    await listTokens(off);
    // The host would spawn its successor before it exits, and the command waits for that exit.
    expect(standbyHostsOf(keys.home)).toEqual([]);
    expect(standbySockets(runtimeFolder)).toEqual([]);
  });

  it('a command in another environment does not take this standby host', async () => {
    await listTokens();
    const standby = await listeningStandby();
    enableCallLog(keys.home);
    await listTokens({ ...env, YIKEY_LANG: 'zh-CN' });
    expect(pidsCalling('C_Initialize')).toHaveLength(1);
    expect(pidsCalling('C_Initialize')).not.toContain(standby);
    expect(isAlive(standby)).toBe(true);
  });

  it('a socket folder others may enter is neither used nor made a standby in', async () => {
    mkdirSync(standbySocketFolder(runtimeFolder), { mode: 0o755 });
    chmodSync(standbySocketFolder(runtimeFolder), 0o755);
    await listTokens();
    await listTokens();
    expect(standbyHostsOf(keys.home)).toEqual([]);
    expect(standbySockets(runtimeFolder)).toEqual([]);
  });

  it('after a standby host was killed, its stale socket costs nothing: the command forks and a new standby replaces it', async () => {
    await listTokens();
    const killed = await listeningStandby();
    process.kill(killed, 'SIGKILL');
    await expect.poll(() => isAlive(killed), { timeout: 10_000 }).toBe(false);
    expect(standbySockets(runtimeFolder)).toHaveLength(1); // Left behind by the killed process.
    enableCallLog(keys.home);

    await listTokens();
    expect(pidsCalling('C_Initialize')).toHaveLength(1);
    expect(pidsCalling('C_Initialize')).not.toContain(killed);
    const successor = await listeningStandby();
    enableCallLog(keys.home);
    await listTokens();
    expect(pidsCalling('C_Initialize')).toEqual([successor]);
  });

  it('two commands at once: one takes the standby host, the other forks; both list the key', async () => {
    await listTokens();
    const standby = await listeningStandby();
    enableCallLog(keys.home);
    await Promise.all([listTokens(), listTokens()]);
    const initialisers = pidsCalling('C_Initialize');
    expect(initialisers).toHaveLength(2);
    expect(initialisers).toContain(standby);
  });

  /** `yikey sign` of a record, as from a terminal: in a process group of its own, like a shell's job. */
  function startSigning(): ReturnType<typeof startCliJob> {
    const record = join(keys.home, 'record.txt');
    writeFileSync(record, '门诊病历：患者赵六，复诊。\n');
    return startCliJob(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], {
      env,
      stdin: '123456\n',
    });
  }

  it('a claimed standby host starts the next one at once: it listens while the command is still signing', async () => {
    await listTokens();
    const standby = await listeningStandby();
    // Longer than the test waits: only a successor started at the claim can be seen meanwhile.
    await keys.setLatency('standby', { op: 'C_Sign', ms: 60_000 });
    const signing = startSigning();
    let signed = false;
    void signing.exited.then(() => (signed = true));
    await expect.poll(() => asleep(standby), { timeout: 15_000 }).toBe(true);
    // Mid-signature on the claimed host, a successor already waits for the next command.
    const successors = async (): Promise<boolean> => {
      const others = standbyHostsOf(keys.home).filter((pid) => pid !== standby);
      return (
        others.length === 1 &&
        (await Promise.all(standbySockets(runtimeFolder).map(answersAt))).includes(true)
      );
    };
    // A Node start on a loaded machine can take seconds; the signature takes a minute.
    await expect.poll(successors, { timeout: 20_000 }).toBe(true);
    expect(isAlive(standby)).toBe(true);
    // Still signing: the command has not ended. (Asking whether the host sleeps at this very
    // instant failed once in CI: the key's latency sleeps in short steps, awake in between.)
    expect(signed).toBe(false);
    process.kill(-signing.pid, 'SIGKILL'); // Done: the command and its (group's) processes go.
    await signing.exited;
  });

  it('Ctrl-C on a command served by a standby host ends that host too, even while its module hangs', async () => {
    await listTokens();
    const standby = await listeningStandby();
    // A login that hangs the host's main thread: its own shutdown timer cannot end it then, only
    // a signal can (as Ctrl-C ends a forked host, which is in the command's process group).
    await keys.setLatency('standby', { op: 'C_Login', ms: 60_000 });
    const signing = startSigning();
    await expect.poll(() => asleep(standby), { timeout: 15_000 }).toBe(true);
    process.kill(-signing.pid, 'SIGINT'); // What the terminal does: the whole foreground group.
    expect(await signing.exited).toEqual({ code: null, signal: 'SIGINT' });
    await expect.poll(() => isAlive(standby), { timeout: 5_000 }).toBe(false);
  });
});
