// The CLI's side of a standby token host (standby-address.ts says why they exist): claims the
// standby waiting at the socket and talks to it like a forked host. When there is none — the
// first command, another command took it, it is still starting, it does not answer — the
// command forks its own host instead, as without standby hosts, and replays what it had sent.
// Either way the host is told the socket at which to leave a standby for the next command.
import { connect, type Socket } from 'node:net';
import { handshakeFrameBytes, maxFrameBytes, readFrames, writeFrame } from './host-frames';
import type { HostExit, HostProcess } from './host-process';
import { isStandbyHostProcess } from './standby-process';
import { passTerminalSignalsTo } from './terminal-signals';
import { isStandbyHello, type StandbyClaim } from './standby-protocol';

/** A claimed standby answers at once; one that does not is treated as absent. */
const helloLimitMs = 1_000;

/** A host process that may keep its parent alive or not (the prestarted host must not, until taken). */
export type LaunchedHost = HostProcess & { keepParentAlive(keep: boolean): void };

/**
 * A host process that is the standby at `socketPath` if one claims to be — and its hello names a
 * process running `hostEntry` as a standby (standby-process.ts) — else `forkHost()`.
 * Usable at once: messages sent before it is decided wait and go to whichever it becomes.
 */
export function claimStandbyOrFork(
  socketPath: string,
  hostEntry: string,
  forkHost: () => LaunchedHost,
): LaunchedHost {
  const messageListeners: ((message: unknown) => void)[] = [];
  const exitListeners: ((exit: HostExit) => void)[] = [];
  /** Sent before the hello: sent again to a forked host if the standby turns out not to be ours. */
  const sentBeforeHello: unknown[] = [];
  let keepAlive = true;
  let standby: { socket: Socket; pid: number } | undefined;
  let forked: LaunchedHost | undefined;
  let killed = false;
  /** The standby's connection closed: its pid may already belong to another process. */
  let standbyGone = false;
  let stopPassingSignals = (): void => undefined;
  /** Whether the held standby is still that process: connected, and its pid still a standby host. */
  const stillHeld = (): boolean => !standbyGone && isStandbyHostProcess(standby!.pid, hostEntry);

  const emitExit = (exit: HostExit): void => exitListeners.forEach((listener) => listener(exit));
  const fallBack = (): void => {
    if (standby || forked || killed) return;
    socket.destroy();
    forked = forkHost();
    forked.keepParentAlive(keepAlive);
    messageListeners.forEach((listener) => forked!.onMessage(listener));
    exitListeners.forEach((listener) => forked!.onExit(listener));
    sentBeforeHello.splice(0).forEach((message) => forked!.send(message));
  };

  const socket = connect(socketPath);
  const helloTimer = setTimeout(fallBack, helloLimitMs);
  helloTimer.unref();
  socket.on('error', fallBack); // It went away (ECONNREFUSED) or broke: see 'close'.
  // Written now, sent as soon as the connection is up: the host answers while this process
  // goes on loading its program.
  const claim: StandbyClaim = { kind: 'claim' };
  writeFrame(socket, claim);
  readFrames(
    socket,
    (message) => {
      if (forked) return;
      if (standby) {
        messageListeners.forEach((listener) => listener(message));
        return;
      }
      if (!isStandbyHello(message) || !isStandbyHostProcess(message.pid, hostEntry)) {
        fallBack();
        return;
      }
      clearTimeout(helloTimer);
      standby = { socket, pid: message.pid };
      sentBeforeHello.length = 0;
      stopPassingSignals = passTerminalSignalsTo(message.pid, stillHeld);
    },
    // Until the hello, only a hello's few bytes are buffered from whatever answers there.
    () => (standby ? maxFrameBytes : handshakeFrameBytes),
  );
  socket.on('close', () => {
    // Before the hello: another command claimed it first, or it was ending. After: the host is gone.
    if (!standby) return fallBack();
    standbyGone = true;
    stopPassingSignals();
    emitExit({ code: null, signal: null });
  });

  return {
    // Not held back until the hello: the host reads the claim first, so the command's first
    // request (initialize) needs no extra round trip. Only initialize can come before the hello
    // (every other call waits for its answer), so sending it again to a fork repeats nothing.
    send: (message) => {
      if (forked) return forked.send(message);
      if (!standby) sentBeforeHello.push(message);
      if (!socket.destroyed) writeFrame(socket, message);
    },
    onMessage: (listener) => {
      messageListeners.push(listener);
      forked?.onMessage(listener);
    },
    onExit: (listener) => {
      exitListeners.push(listener);
      forked?.onExit(listener);
    },
    kill: () => {
      if (forked) return forked.kill();
      if (killed) return;
      killed = true;
      clearTimeout(helloTimer);
      if (standby) {
        // A hung module: closing the socket would not stop it. Only while it is still connected
        // and still the standby host it said it was: its id may since belong to another process.
        stopPassingSignals();
        if (stillHeld()) {
          try {
            process.kill(standby.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
        socket.destroy();
      } else {
        socket.destroy();
        emitExit({ code: null, signal: 'SIGKILL' });
      }
    },
    get pid() {
      return forked?.pid ?? standby?.pid;
    },
    keepParentAlive: (keep) => {
      keepAlive = keep;
      if (forked) forked.keepParentAlive(keep);
      else if (keep) socket.ref();
      else socket.unref();
    },
  };
}
