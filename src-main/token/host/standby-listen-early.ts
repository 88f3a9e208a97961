// A standby host binds its socket first thing, before it reads its own bundle (built-host-entry.ts):
// a command that starts while the standby is still loading then finds the socket, claims it and
// waits the few milliseconds the load has left, instead of forking a host of its own from scratch
// (run after run, a script's next command often comes that soon). Binding is synchronous in
// Node; the connections wait in the socket's backlog until standby-channel.ts accepts them.
//
// The starter and the host's bundle each hold a copy of this module, so the server is handed
// over on a process-wide slot, as host-process.ts does with the spare host.
import { createServer, type Server } from 'node:net';

export interface EarlyListen {
  socketPath: string;
  server: Server;
  /** Settles when the bind is known to have worked (undefined) or failed (the error). */
  outcome: Promise<NodeJS.ErrnoException | undefined>;
}

const slot = Symbol.for('yikey.standbyServer');
const holder = globalThis as { [slot]?: EarlyListen };

/** At most this many connections wait to be read; more are refused by the kernel or closed. */
export const maxWaitingConnections = 8;

/** Starts listening at `socketPath` now; the outcome is read later by takeEarlyListen. */
export function listenEarly(socketPath: string): EarlyListen {
  const server = createServer();
  server.maxConnections = maxWaitingConnections;
  const outcome = new Promise<NodeJS.ErrnoException | undefined>((settle) => {
    server.once('error', settle);
    server.once('listening', () => settle(undefined));
  });
  // Bound with a umask that leaves the socket to its owner alone (0600) from its first moment;
  // binding is synchronous, so the process's usual umask is back right after.
  const usualUmask = process.umask(0o177);
  try {
    server.listen(socketPath);
  } finally {
    process.umask(usualUmask);
  }
  const early = { socketPath, server, outcome };
  holder[slot] = early;
  return early;
}

/** The server listenEarly started for `socketPath` in this process, once. */
export function takeEarlyListen(socketPath: string): EarlyListen | undefined {
  const early = holder[slot];
  holder[slot] = undefined;
  return early?.socketPath === socketPath ? early : undefined;
}
