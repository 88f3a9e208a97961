// Standby token hosts as a test sees them from outside (src-main/token/standby-address.ts): the
// processes `token-host.cjs --standby` of one virtual key home, found through /proc, and their
// sockets in the test's own XDG_RUNTIME_DIR.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createVirtualKeyHome, type VirtualKeyHome } from './vusbkey-fixture';

/** A private runtime folder for one test: its standby sockets land in <it>/yikey. */
export function makeRuntimeFolder(parent: string): string {
  const folder = join(parent, 'run');
  mkdirSync(folder, { mode: 0o700, recursive: true });
  return folder;
}

export const standbySocketFolder = (runtimeFolder: string): string => join(runtimeFolder, 'yikey');

/** The sockets in a runtime folder's yikey/ folder. */
export function standbySockets(runtimeFolder: string): string[] {
  try {
    return readdirSync(standbySocketFolder(runtimeFolder))
      .filter((name) => name.endsWith('.sock'))
      .map((name) => join(standbySocketFolder(runtimeFolder), name));
  } catch {
    return [];
  }
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // Gone meanwhile, or not ours to read.
  }
}

/** Pids of the standby hosts whose environment has VUSBKEY_HOME=home (running, not zombies). */
export function standbyHostsOf(home: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      const commandLine = readProc(pid, 'cmdline').split('\0');
      return commandLine.includes('--standby') && commandLine.some((part) => part.includes('token-host'));
    })
    .filter((pid) => readProc(pid, 'environ').split('\0').includes(`VUSBKEY_HOME=${home}`))
    .filter((pid) => !/\) Z /.test(readProc(pid, 'stat')))
    .map(Number);
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readProc(String(pid), 'stat'));
  } catch {
    return false;
  }
};

/** Ends every standby host of `home` (tests tidy up; unclaimed ones would also go after their idle time). */
export function killStandbyHostsOf(home: string): void {
  for (const pid of standbyHostsOf(home)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Whether something listens at `socketPath` now: a socket file left by a killed standby exists
 * but refuses. (A connection that claims nothing is dropped by a standby without harm.)
 */
export function answersAt(socketPath: string): Promise<boolean> {
  return new Promise((settle) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      settle(true);
    });
    probe.once('error', () => settle(false));
  });
}

/** Whether a thread of the process is asleep in the kernel (the virtual key's latency sleeps so). */
export function asleepInKernel(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((thread) =>
      /sleep/.test(readProc(`${pid}/task/${thread}`, 'wchan')),
    );
  } catch {
    return false; // Gone.
  }
}

/** The one standby host of `home`, once it listens at its socket in `runtimeFolder`. */
export async function listeningStandbyOf(home: string, runtimeFolder: string): Promise<number> {
  const listening = async (): Promise<boolean> => {
    const sockets = standbySockets(runtimeFolder);
    return standbyHostsOf(home).length === 1 && sockets.length === 1 && answersAt(sockets[0]!);
  };
  await expect.poll(listening, { timeout: 15_000 }).toBe(true);
  return standbyHostsOf(home)[0]!;
}

/**
 * A virtual key (`label`, PIN 123456) with a runtime folder of its own for the standby sockets,
 * and the environment a built CLI command needs for it (standby hosts gone 30 s after a test).
 */
export async function keyWithStandbyFolder(
  label: string,
): Promise<{ keys: VirtualKeyHome; runtimeFolder: string; env: NodeJS.ProcessEnv }> {
  const keys = await createVirtualKeyHome();
  await keys.initKey({ label, pin: '123456' });
  const runtimeFolder = makeRuntimeFolder(keys.home);
  const env = {
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_LANG: 'en',
    XDG_RUNTIME_DIR: runtimeFolder,
    YIKEY_STANDBY_IDLE_SECONDS: '30',
  };
  return { keys, runtimeFolder, env };
}

/** Ends what a test left: the standby hosts of its key home, then the home. */
export async function removeKeyAndStandbys(keys: VirtualKeyHome | undefined): Promise<void> {
  if (!keys) return;
  killStandbyHostsOf(keys.home);
  await keys.cleanup();
}
