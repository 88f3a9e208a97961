// Starts the token host as an Electron utilityProcess (a Node child that Electron manages and
// names in the task manager) and presents it as the HostProcess that TokenHostClient already
// drives under plain Node. A crash or hang there never takes the main process with it.
import type { ForkOptions, UtilityProcess } from 'electron';
import type { HostLauncher } from '../token/host-process';

export type UtilityFork = (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess;

export const tokenHostServiceName = 'YiKey token host';

export function createUtilityHostLauncher(fork: UtilityFork, hostEntryPath: string): HostLauncher {
  return () => {
    const child = fork(hostEntryPath, [], {
      serviceName: tokenHostServiceName,
      stdio: 'inherit',
      // The host must not inherit NODE_OPTIONS-style tweaks from the holder's environment.
      execArgv: [],
    });
    // Messages sent before 'spawn' are held back here rather than relying on Electron to queue
    // them: TokenHostClient sends `initialize` straight after launching.
    let spawned = false;
    let exited = false;
    const waiting: unknown[] = [];
    child.once('spawn', () => {
      spawned = true;
      waiting.splice(0).forEach((message) => child.postMessage(message));
    });
    child.once('exit', () => {
      exited = true;
      waiting.length = 0;
    });
    return {
      send: (message) => {
        if (exited) return;
        if (spawned) child.postMessage(message);
        else waiting.push(message);
      },
      onMessage: (listener) => child.on('message', listener),
      // Electron reports only the exit code; a signal death shows up as a non-zero code.
      onExit: (listener) => child.on('exit', (code) => listener({ code, signal: null })),
      kill: () => {
        // SIGTERM on POSIX: Node installs no handler for it, so even a host stuck in a
        // synchronous PKCS#11 call is terminated.
        child.kill();
      },
      get pid() {
        return child.pid;
      },
    };
  };
}
