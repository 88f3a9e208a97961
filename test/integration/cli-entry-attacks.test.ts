// Attacks on the built CLI's newest entry points (issue 11): the terminal signals a command passes
// on to the standby host it holds (token/standby-host.ts), the module guessed from the command
// line and initialised ahead (token/early-initialize.ts, cli/command-name.ts), the per-command
// code cache chosen from argv (cli/built-cli-entry.ts) and --help, which must start no host.
// Seen from outside: exit codes and stderr, /proc, and the virtual key's call log (which process
// initialised, logged in and finalised the module).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { buildMarkerLibrary } from '../helpers/marker-library';
import { builtCliEntry, runCli, startCliJob, endCliJobs } from '../helpers/run-cli';
import {
  asleepInKernel,
  isAlive,
  keyWithStandbyFolder,
  listeningStandbyOf,
  removeKeyAndStandbys,
} from '../helpers/standby-hosts';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('the built CLI’s entry under attack', () => {
  let keys: VirtualKeyHome;
  let runtimeFolder: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    ({ keys, runtimeFolder, env } = await keyWithStandbyFolder('entry'));
  });

  afterEach(() => {
    endCliJobs(); // A test that failed midway leaves no `yikey watch` running.
    return removeKeyAndStandbys(keys);
  });

  const pidsCalling = (fn: string): number[] =>
    readCallLog(keys.home)
      .filter((call) => call.fn === fn)
      .map((call) => call.pid);

  const listeningStandby = (): Promise<number> => listeningStandbyOf(keys.home, runtimeFolder);

  /** A command that leaves a standby host, and that host once it listens. */
  async function leaveStandby(): Promise<number> {
    const listed = await runCli(['tokens', '--json'], { env, cwd: keys.home });
    expect(listed.code, listed.stderr).toBe(0);
    return listeningStandby();
  }

  /** The built CLI as a shell starts a job, from the key home (part of the standby's identity). */
  const startCli = (args: string[], stdin = ''): ReturnType<typeof startCliJob> =>
    startCliJob(args, { env, cwd: keys.home, stdin });

  const asleep = asleepInKernel;

  it('--help in every spelling prints, exits 0 and neither claims the waiting standby nor loads a module', async () => {
    const standby = await leaveStandby();
    enableCallLog(keys.home);
    for (const args of [
      ['--help'],
      ['tokens', '--help'],
      ['tokens', '-h'],
      ['help', 'tokens'],
      ['-h', 'sign'],
    ]) {
      const helped = await runCli(args, { env, cwd: keys.home });
      expect(helped.code, args.join(' ')).toBe(0);
      expect(helped.stderr, args.join(' ')).toBe('');
      expect(helped.stdout, args.join(' ')).toMatch(/^Usage: yikey/);
    }
    // A claim would have made the standby load the module at once and end with the command.
    expect(pidsCalling('C_Initialize')).toEqual([]);
    expect(await listeningStandby()).toBe(standby);
  });

  for (const target of ['the command alone (kill -INT)', 'the whole group (Ctrl-C)'] as const) {
    it(`yikey watch on a standby host, SIGINT to ${target}: ends cleanly with exit 0, and that host finalises and goes`, async () => {
      const standby = await leaveStandby();
      enableCallLog(keys.home);
      const watching = startCli(['watch', '--json']);
      // Its own listener is in place once it says it watches.
      await expect.poll(() => watching.stderr(), { timeout: 15_000 }).toContain('Watching for USBKEY');
      expect(pidsCalling('C_Initialize')).toEqual([standby]);
      process.kill(target.startsWith('the command') ? watching.pid : -watching.pid, 'SIGINT');
      expect(await watching.exited).toEqual({ code: 0, signal: null });
      expect(watching.stderr()).not.toMatch(/错误|error/i);
      await expect.poll(() => isAlive(standby), { timeout: 10_000 }).toBe(false);
      // The command's own shutdown, not a signal passed on: the host finalised the module.
      expect(pidsCalling('C_Finalize')).toEqual([standby]);
      // What it started at its claim serves the next command.
      expect(await listeningStandby()).not.toBe(standby);
    });
  }

  it('SIGHUP to the group (the terminal closed) while the standby hangs in C_Login: the command ends by SIGHUP, the host too', async () => {
    const standby = await leaveStandby();
    await keys.setLatency('entry', { op: 'C_Login', ms: 60_000 });
    const record = join(keys.home, 'record.txt');
    writeFileSync(record, '门诊病历：患者赵六，复诊。\n');
    const signing = startCli(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], '123456\n');
    await expect.poll(() => asleep(standby), { timeout: 15_000 }).toBe(true);
    process.kill(-signing.pid, 'SIGHUP');
    expect(await signing.exited).toEqual({ code: null, signal: 'SIGHUP' });
    await expect.poll(() => isAlive(standby), { timeout: 5_000 }).toBe(false);
    expect(existsSync(`${record}.p7s`)).toBe(false);
  });

  it('a module others could write, named by --module to a waiting standby: refused before dlopen with the same clear error', async () => {
    const standby = await leaveStandby();
    // Kept in the key's own folder (this worktree's node_modules/.cache may be another's): the
    // folder made writable by everyone is what the host must refuse, before dlopen.
    const marker = join(keys.home, 'ran.marker');
    const built = buildMarkerLibrary(keys.home, 'guessed', marker);
    const exposed = join(keys.home, 'shared', 'guessed.so');
    mkdirSync(dirname(exposed));
    chmodSync(dirname(exposed), 0o777);
    copyFileSync(built, exposed);
    enableCallLog(keys.home);
    const listed = await runCli(['tokens', '--module', exposed], { env, cwd: keys.home });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('[module-file-unsafe]');
    expect(listed.stderr).toContain(exposed);
    expect(existsSync(marker)).toBe(false);
    // It was the standby that refused it: claimed, it ends with the command.
    await expect.poll(() => isAlive(standby), { timeout: 10_000 }).toBe(false);
  });

  // strace is the outside observer of which files the entry opens; .ci/install-system-packages.sh
  // installs it, so this skips only on a machine set up by hand without it.
  const strace = spawnSync('strace', ['-V']).status === 0;
  it.skipIf(!strace)(
    'a command name from argv never makes the entry open a code cache outside dist/node',
    () => {
      const distFolder = dirname(builtCliEntry);
      for (const name of ['../../x', '../cli-body', `${'a'.repeat(40)}`, '医钥', 'tokens/../../x', 'x']) {
        const log = join(keys.home, 'open.strace');
        const run = spawnSync(
          'strace',
          ['-f', '-qq', '-e', 'trace=open,openat', '-o', log, process.execPath, builtCliEntry, name],
          { env: { ...process.env, ...env }, cwd: keys.home, encoding: 'utf8' },
        );
        expect(run.status, name).toBe(2);
        expect(run.stderr, name).toContain('unknown command');
        const caches = [...readFileSync(log, 'utf8').matchAll(/"([^"]*\.v8cache)"/g)].map(
          (match) => match[1]!,
        );
        expect(caches.length, name).toBeGreaterThan(0);
        for (const cache of caches) {
          expect(dirname(cache), name).toBe(distFolder);
          expect(cache.slice(distFolder.length + 1), name).toMatch(
            /^cli-body\.cjs(\.[a-z][a-z-]{0,31})?\.v8cache$/,
          );
        }
      }
    },
  );

  it('a key that stops answering on a standby host: the command ends with its own time limit and that host is killed', async () => {
    const standby = await leaveStandby();
    await keys.setLatency('entry', { op: 'C_GetTokenInfo', ms: 120_000 });
    const listed = await runCli(['tokens'], { env, cwd: keys.home });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('[module-timeout]');
    // Hung in the module, it would hold the key for two minutes more; the command killed it.
    await expect.poll(() => isAlive(standby), { timeout: 5_000 }).toBe(false);
  }, 40_000);

  it('a command run from a working folder since deleted lists the key (a forked host), and a relative --module there is an error, not a crash', () => {
    /** `yikey ARGS` as a shell runs it after its folder was removed (cd gone; rm -r ../gone). */
    const runFromDeletedFolder = (args: string[]) => {
      const gone = join(keys.home, 'gone');
      mkdirSync(gone);
      return spawnSync(
        'sh',
        [
          '-c',
          'cd "$1" && rmdir "$1" && shift && exec "$@"',
          'sh',
          gone,
          process.execPath,
          builtCliEntry,
          ...args,
        ],
        { env: { ...process.env, ...env }, encoding: 'utf8' },
      );
    };
    const listed = runFromDeletedFolder(['tokens', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ label: 'entry' })]);
    const relative = runFromDeletedFolder(['tokens', '--module', './libvusbkey.so']);
    expect(relative.status).toBe(1);
    expect(relative.stderr).toMatch(/^(错误|Error) \[/);
    expect(relative.stderr).not.toMatch(/\n\s+at /); // No stack trace.
  });
});
