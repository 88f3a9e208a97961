// How the token host process is started. Under plain Node it is a child_process.fork;
// the Electron shell supplies a utilityProcess-based launcher with the same shape.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initializeAhead } from './early-initialize';
import type { InitializeParams } from './initialize-params';
import { standbySocketFor, standbySocketVariable } from './standby-address';
import { claimStandbyOrFork, type LaunchedHost } from './standby-host';

/** How a host process ended: its exit code, or the signal that ended it. */
export type HostExit = { code: number | null; signal: string | null };

export interface HostProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type HostLauncher = () => HostProcess;

/**
 * From the sources (tsx: tests, development) the host is host/host-main.ts beside this file;
 * built (dist/node/*.mjs, src-main/build/build-node.mjs) it is the bundled token-host.cjs
 * beside the bundle this code was bundled into.
 */
const runsFromSource = import.meta.url.endsWith('.ts');
export const defaultHostEntry = fileURLToPath(
  new URL(runsFromSource ? './host/host-main.ts' : './token-host.cjs', import.meta.url),
);

/**
 * The host's environment: the parent's, without NODE_EXTRA_CA_CERTS. Node reads and parses every
 * certificate of that file when a process starts (about 25 ms for a system bundle of 140 CAs,
 * measured here, where it is set), and the host opens no TLS connection: it only talks PKCS#11.
 */
function hostEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  delete environment.NODE_EXTRA_CA_CERTS;
  return environment;
}

function forkHost(entry: string, environment = hostEnvironment()): LaunchedHost {
  const child = fork(entry, [], {
    env: environment,
    serialization: 'advanced',
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A host that could not be started (EAGAIN, EMFILE) ends like one that exited at once; without
  // a listener its 'error' would end this process with a stack trace, taken or not.
  child.on('error', () => {
    if (child.pid === undefined) child.emit('exit', null, null);
  });
  return {
    send: (message) => {
      // A host that has just died (EPIPE): its 'exit' tells the caller; the send's error is no news.
      if (child.connected) child.send(message as object, undefined, undefined, () => undefined);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
    keepParentAlive: (keep) => {
      if (keep) {
        child.ref();
        child.channel?.ref();
      } else {
        child.unref();
        child.channel?.unref();
      }
    },
  };
}

/** Forks the token host at `entry`; TypeScript sources run through tsx, built JavaScript runs directly. */
export function forkHostProcessFrom(entry: string): HostLauncher {
  return () => forkHost(entry);
}

/**
 * The spare host lives on a process-wide slot, not in a module variable: the built CLI's small
 * entry (cli/built-cli-entry.ts) starts it before the CLI's own bundle, which holds a second copy
 * of this module, is even read; that copy must find it.
 */
const spareSlot = Symbol.for('yikey.spareTokenHost');
const spareHolder = globalThis as { [spareSlot]?: LaunchedHost };

/**
 * For a CLI command: the standby host waiting for a command like this one (standby-address.ts),
 * else a forked one; either is told where to leave the standby for the next command. Built
 * entries only: a host run through tsx (tests, development) is always forked. `forkAnother`
 * forks one more like it (the replacement early-initialize.ts may need).
 */
function claimOrForkForCommand(): { host: LaunchedHost; forkAnother: () => LaunchedHost } {
  const environment = hostEnvironment();
  const socketPath = runsFromSource ? undefined : standbySocketFor(environment, defaultHostEntry);
  const forkAnother = socketPath
    ? (): LaunchedHost => forkHost(defaultHostEntry, { ...environment, [standbySocketVariable]: socketPath })
    : (): LaunchedHost => forkHost(defaultHostEntry, environment);
  // No standby waiting (the first command, or the last one ended long ago): fork at once, not
  // after this process has loaded its program and seen the connection fail.
  const host =
    socketPath && existsSync(socketPath)
      ? claimStandbyOrFork(socketPath, defaultHostEntry, forkAnother)
      : forkAnother();
  return { host, forkAnother };
}

export interface PrestartOptions {
  /** The CLI: take the standby host waiting for this command, and leave one for the next. */
  forCommand?: boolean;
  /**
   * The module the command will most likely ask for (undefined: none known): the host starts
   * loading it now. Asked only when a host is started here.
   */
  initialize?: () => InitializeParams | undefined;
}

/**
 * Starts a token host now, before the caller loads the rest of its program, so that the two
 * Node start-ups overlap (the CLI: `yikey tokens` pays one instead of two). The next
 * forkHostProcess() takes it. Unused, it never keeps this process alive, and it exits when
 * this process does (the host shuts down when its channel disconnects). Loads no module unless
 * told which one (`initialize`).
 */
export function prestartHostProcess(options: PrestartOptions = {}): void {
  if (spareHolder[spareSlot]) return;
  const { host, forkAnother } = options.forCommand
    ? claimOrForkForCommand()
    : { host: forkHost(defaultHostEntry), forkAnother: () => forkHost(defaultHostEntry) };
  const initialize = options.initialize?.();
  const started = initialize ? initializeAhead(host, initialize, forkAnother) : host;
  started.keepParentAlive(false);
  spareHolder[spareSlot] = started;
  // Not taken soon (no module configured, a command that failed early): not worth its memory.
  setTimeout(() => {
    if (spareHolder[spareSlot] !== started) return;
    spareHolder[spareSlot] = undefined;
    started.kill();
  }, unusedSpareLifetimeMs).unref();
}

const unusedSpareLifetimeMs = 15_000;

export const forkHostProcess: HostLauncher = () => {
  const taken = spareHolder[spareSlot];
  spareHolder[spareSlot] = undefined;
  if (!taken) return forkHost(defaultHostEntry);
  taken.keepParentAlive(true);
  return taken;
};
