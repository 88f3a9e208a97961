// Standby token hosts as a test sees them from outside (src-main/token/standby-address.ts): the
// processes `token-host.cjs --standby` of one virtual key home, found through /proc, and their
// sockets in the test's own XDG_RUNTIME_DIR.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

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
