// How the token host process is started. Under plain Node it is a child_process.fork;
// the Electron shell supplies a utilityProcess-based launcher with the same shape.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HostProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type HostLauncher = () => HostProcess;

const hostEntry = fileURLToPath(new URL('./host/host-main.ts', import.meta.url));

/** Forks the token host; TypeScript sources run through tsx, built JavaScript runs directly. */
export const forkHostProcess: HostLauncher = () => {
  const runsFromSource = hostEntry.endsWith('.ts');
  const child = fork(hostEntry, [], {
    serialization: 'advanced',
    execArgv: runsFromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
};
