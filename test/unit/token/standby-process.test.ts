// Whether a pid a standby's hello names is a standby token host of this user
// (src-main/token/standby-process.ts), asked of real processes through /proc: the CLI kills that
// pid when its host hangs, so a hello naming any other process must not pass.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStandbyHostProcess } from '../../../src-main/token/standby-process';

describe.runIf(process.platform === 'linux')('standby host process check', () => {
  let folder: string;
  let entry: string;
  const started: ChildProcess[] = [];

  /** A process whose command line is that of a standby host: node <script> [...arguments]. */
  const start = async (script: string, ...args: string[]): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(child);
    await new Promise((ready) => child.stdout!.once('data', ready));
    return child;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'yikey-standby-process-'));
    chmodSync(folder, 0o755); // Readable by the other user of the last test.
    entry = join(folder, 'token-host.cjs');
    writeFileSync(entry, "process.stdout.write('up\\n'); setTimeout(() => undefined, 60_000);\n");
  });

  afterAll(() => {
    started.forEach((child) => child.kill('SIGKILL'));
    rmSync(folder, { recursive: true, force: true });
  });

  it('passes a process running the host entry with --standby', async () => {
    const standby = await start(entry, '--standby');
    expect(isStandbyHostProcess(standby.pid!, entry)).toBe(true);
  });

  it('refuses the same entry without --standby, another entry, pid 1, this test, and a pid that is gone', async () => {
    const forked = await start(entry);
    expect(isStandbyHostProcess(forked.pid!, entry)).toBe(false);
    const other = join(folder, 'other.cjs');
    writeFileSync(other, "process.stdout.write('up\\n'); setTimeout(() => undefined, 60_000);\n");
    const otherStandby = await start(other, '--standby');
    expect(isStandbyHostProcess(otherStandby.pid!, entry)).toBe(false);
    expect(isStandbyHostProcess(1, entry)).toBe(false);
    expect(isStandbyHostProcess(process.pid, entry)).toBe(false);

    const ended = await start(entry, '--standby');
    const exited = new Promise((done) => ended.once('exit', done));
    ended.kill('SIGKILL');
    await exited;
    expect(isStandbyHostProcess(ended.pid!, entry)).toBe(false);
  });

  it('refuses a standby host of another user', async () => {
    if (process.getuid?.() !== 0) return; // Only root can start a process as another user here.
    const child = spawn(process.execPath, [entry, '--standby'], {
      uid: 65534,
      gid: 65534,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    started.push(child);
    const up = await Promise.race([
      new Promise<boolean>((ready) => child.stdout.once('data', () => ready(true))),
      new Promise<boolean>((failed) => child.once('exit', () => failed(false))),
    ]);
    expect(up).toBe(true);
    expect(isStandbyHostProcess(child.pid!, entry)).toBe(false);
  });
});
