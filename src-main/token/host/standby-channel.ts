// The token host as a standby (token/standby-address.ts says why): it listens at its private
// socket until one command claims it, then stops listening and serves that command alone,
// exactly as a forked host serves the command that forked it. Unclaimed for the idle time, it
// exits. Only this user can reach the socket (its folder is private); even so, a connection
// must claim within claimLimitMs in one small frame, at most maxWaitingConnections wait at a
// time, and anything else is dropped.
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { connect, type Server, type Socket } from 'node:net';
import { readFrames, writeFrame } from '../host-frames';
import { isStandbyClaim, type StandbyHello } from '../standby-protocol';
import { listenEarly, takeEarlyListen } from './standby-listen-early';

const claimLimitMs = 2_000;

/** A claimed connection: the command's messages in, the host's replies out. */
export interface StandbyLink {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
  /** Ends the link once what was sent has left; the command then sees its host gone. */
  close(): Promise<void>;
}

/**
 * Listens at `socketPath` and resolves with the first connection that claims this host, or with
 * undefined when another live standby already listens there or nobody claimed it in `idleMs`.
 */
export async function waitForClaim(socketPath: string, idleMs: number): Promise<StandbyLink | undefined> {
  const server = await listenAt(socketPath);
  if (!server) return undefined;
  const ownSocket = statSync(socketPath).ino;
  const stopListening = (): void => {
    server.close();
    // A successor may already listen at the same path: remove the socket only if it is ours.
    try {
      if (statSync(socketPath).ino === ownSocket) unlinkSync(socketPath);
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve) => {
    const idle = setTimeout(() => {
      stopListening();
      resolve(undefined);
    }, idleMs);
    server.on('connection', (socket) => {
      socket.on('error', () => undefined); // A peer that vanishes is only a dropped connection.
      socket.setTimeout(claimLimitMs, () => socket.destroy());
      let claimed = false;
      const queued: unknown[] = [];
      let deliver: (message: unknown) => void = (message) => {
        if (claimed || !server.listening || !isStandbyClaim(message)) {
          socket.destroy();
          return;
        }
        claimed = true;
        clearTimeout(idle);
        stopListening();
        socket.setTimeout(0);
        const hello: StandbyHello = { kind: 'standby-hello', pid: process.pid };
        writeFrame(socket, hello);
        deliver = (next) => queued.push(next);
        resolve({
          send: (reply) => {
            if (!socket.destroyed) writeFrame(socket, reply);
          },
          onMessage: (listener) => {
            deliver = listener;
            queued.splice(0).forEach(listener);
          },
          onClose: (listener) => socket.on('close', listener),
          close: () =>
            new Promise<void>((closed) => {
              if (socket.destroyed) return closed();
              socket.end(() => {
                socket.destroy();
                closed();
              });
            }),
        });
      };
      readFrames(socket, (message) => deliver(message));
    });
  });
}

/**
 * A server listening at `socketPath`, readable and writable by this user only; undefined when a
 * live standby already answers there. A socket file left by a standby that was killed is removed.
 */
async function listenAt(socketPath: string): Promise<Server | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const { server, outcome } = (attempt === 0 && takeEarlyListen(socketPath)) || listenEarly(socketPath);
    const error = await outcome;
    if (!error) {
      server.on('error', () => undefined);
      return server;
    }
    takeEarlyListen(socketPath); // A failed attempt is not handed on.
    if (error.code !== 'EADDRINUSE' || (await answers(socketPath))) return undefined;
    if (existsSync(socketPath)) unlinkSync(socketPath);
  }
  return undefined;
}

/** Whether something listens at `socketPath` (connecting and leaving at once claims nothing). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((settle) => {
    const probe: Socket = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      settle(true);
    });
    probe.once('error', () => settle(false));
  });
}
