// Where a standby token host waits for the next CLI command: a Unix socket in a folder only this
// user can enter, named after everything that makes one host different from another (issue 11).
//
// A standby host is an ordinary token host started ahead of time, at the end of the previous
// command, so the next `yikey …` does not wait for a second Node start-up. It serves exactly one
// command, like a forked host, and loads the PKCS#11 module only when that command asks. Two
// commands may use the same standby only if a forked host would have been the same process: the
// same host code, Node, working folder and environment — the socket's name is a hash of those.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/** `off` turns standby hosts off: every command forks its own host, as before. */
export const standbyHostSwitch = 'YIKEY_STANDBY_HOST';
/** How long an unused standby host waits before it exits (seconds; default below). */
export const standbyIdleVariable = 'YIKEY_STANDBY_IDLE_SECONDS';
/** Set in a host's environment: the socket at which it leaves its successor when it ends. */
export const standbySocketVariable = 'YIKEY_STANDBY_SOCKET';

export const defaultStandbyIdleSeconds = 300;
/** setTimeout's ceiling (~24.8 days): a longer delay would fire at once, with only a warning. */
const longestIdleMs = 2 ** 31 - 1;

/**
 * A socket's path must fit sockaddr_un (108 bytes on Linux, 104 on macOS, with the closing NUL).
 * Longer, the system cuts it short without a word, and the standby would listen under a shorter
 * name — which may lie outside the private folder. Such a folder gets no standby host.
 */
const longestSocketPathBytes = 103;
export const fitsSocketAddress = (socketPath: string): boolean =>
  Buffer.byteLength(socketPath) <= longestSocketPathBytes;

/** The argument that makes a host wait at its socket instead of on a parent's channel. */
export const standbyArgument = '--standby';

/**
 * Variables that say how this host was reached, not what it is: Node's fork channel, the
 * socket itself, NODE_EXTRA_CA_CERTS, which no host gets (host-process.ts), and `_`, which a
 * shell sets to the program it ran and no host reads: with it, a script that runs both `yikey …`
 * and `node …/cli.cjs …` would never meet the standby the other left. (`npx yikey` sets npm's
 * own variables and PATH, which a host does see: it stays apart.)
 */
const notPartOfIdentity = new Set([
  '_',
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
  'NODE_EXTRA_CA_CERTS',
  standbySocketVariable,
]);

/**
 * The folder for this user's standby sockets, made if missing: $XDG_RUNTIME_DIR/yikey (a per-user
 * folder on systemd systems), else <tmp>/yikey-<uid>. Undefined when it is not a real folder
 * owned by this user that nobody else may enter: then nobody else can connect to a socket in it,
 * which is what authenticates both ends (as for ssh-agent's socket).
 */
export function privateSocketFolder(environment: NodeJS.ProcessEnv): string | undefined {
  if (process.platform === 'win32' || !process.getuid) return undefined; // Named pipes: no folder rights.
  const uid = process.getuid();
  const runtime = environment.XDG_RUNTIME_DIR;
  // A relative XDG_RUNTIME_DIR is invalid (the XDG spec: ignore it), and a relative TMPDIR too:
  // either would put the folder, and the standby's socket, in the holder's working folder.
  const folder = runtime && isAbsolute(runtime) ? join(runtime, 'yikey') : join(tmpdir(), `yikey-${uid}`);
  if (!isAbsolute(folder)) return undefined;
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  return isPrivateFolder(folder) ? folder : undefined;
}

/**
 * Whether `folder` is a real folder (not a link to one) owned by this user that nobody else may
 * enter. A standby host checks its socket's folder again before it listens: the folder may have
 * changed since the command that left it checked.
 */
export function isPrivateFolder(folder: string): boolean {
  try {
    const found = lstatSync(folder);
    return found.isDirectory() && found.uid === process.getuid?.() && (found.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * Whether a standby host may listen at `socketPath`, which the command that left it chose: checked
 * again before it binds, because that was then — a folder that has since become a link or lets
 * others in would let them reach the host, or put its socket where they choose.
 */
export const isUsableStandbySocket = (socketPath: string): boolean =>
  fitsSocketAddress(socketPath) && isPrivateFolder(dirname(socketPath));

/** Everything a forked host would have been started with, as one hash. */
function hostIdentity(environment: NodeJS.ProcessEnv, hostEntry: string, workingFolder: string): string {
  const variables = Object.entries(environment)
    .filter(([name]) => !notPartOfIdentity.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let builtAt = 0;
  try {
    builtAt = statSync(hostEntry).mtimeMs; // A rebuild (an update) must not meet an old standby.
  } catch {
    // A missing entry fails the fork later with its own error.
  }
  return createHash('sha256')
    .update(JSON.stringify([hostEntry, builtAt, process.execPath, workingFolder, variables]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The socket a standby host for these circumstances listens at, or undefined when standby hosts
 * are off or cannot be private here (the command then forks its host).
 */
export function standbySocketFor(environment: NodeJS.ProcessEnv, hostEntry: string): string | undefined {
  if (environment[standbyHostSwitch] === 'off') return undefined;
  let workingFolder: string;
  try {
    workingFolder = process.cwd();
  } catch {
    return undefined; // Run from a folder since deleted (ENOENT): a forked host still works there.
  }
  const folder = privateSocketFolder(environment);
  const socketPath =
    folder && join(folder, `host-${hostIdentity(environment, hostEntry, workingFolder)}.sock`);
  return socketPath && fitsSocketAddress(socketPath) ? socketPath : undefined;
}

/** The idle time of a standby host in milliseconds, from its environment. */
export function standbyIdleMs(environment: NodeJS.ProcessEnv): number {
  const seconds = Number(environment[standbyIdleVariable]);
  const ms = (Number.isFinite(seconds) && seconds > 0 ? seconds : defaultStandbyIdleSeconds) * 1000;
  return Math.min(ms, longestIdleMs);
}
