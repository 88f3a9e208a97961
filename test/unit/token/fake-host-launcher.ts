// A scripted stand-in for the token host process, for unit tests of TokenHostClient's own
// state machine (no PKCS#11 here: what the host does with a module is tested on vusbkey).
import type { HostLauncher, HostProcess } from '../../../src-main/token/host-process';

/** How a fake host answers: initialise normally, crash while initialising, or never answer. */
export type FakeHostScript = 'ok' | 'crash-on-initialize' | 'hang';

interface Request {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

let nextPid = 90_000;

export class FakeHost implements HostProcess {
  readonly pid = nextPid++;
  readonly requests: Request[] = [];
  killed = false;
  exited = false;
  private messageListener: ((message: unknown) => void) | undefined;
  private exitListener: ((exit: { code: number | null; signal: string | null }) => void) | undefined;

  constructor(private readonly script: FakeHostScript) {}

  send(message: unknown): void {
    if (this.exited) return;
    const request = message as Request;
    this.requests.push(request);
    // Like a real process: the answer arrives later, never inside send().
    setImmediate(() => this.handle(request));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }

  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void {
    this.exitListener = listener;
  }

  kill(): void {
    this.killed = true;
    setImmediate(() => this.exit(null, 'SIGKILL'));
  }

  /** The process dies on its own (a crash in the module). */
  exit(code: number | null, signal: string | null): void {
    if (this.exited) return;
    this.exited = true;
    this.exitListener?.({ code, signal });
  }

  reply(id: number, result: unknown): void {
    if (!this.exited) this.messageListener?.({ kind: 'response', id, ok: true, result });
  }

  methods(): string[] {
    return this.requests.map((request) => request.method);
  }

  private handle(request: Request): void {
    if (this.exited || this.script === 'hang') return;
    if (request.method === 'initialize') {
      if (this.script === 'crash-on-initialize') this.exit(null, 'SIGABRT');
      else this.reply(request.id, moduleInfo);
      return;
    }
    if (request.method === 'shutdown') {
      this.exit(0, null);
      return;
    }
    if (request.method === 'listTokens') this.reply(request.id, []);
    // Anything else stays unanswered until the test says otherwise.
  }
}

const moduleInfo = {
  path: '/usr/lib/fake-pkcs11.so',
  manufacturer: 'Fake',
  description: 'Fake module',
  cryptokiVersion: '2.40',
  libraryVersion: '1.0',
};

/** A launcher whose n-th host follows scripts[n] (the last script repeats). */
export function fakeLauncher(scripts: FakeHostScript[]): { launcher: HostLauncher; hosts: FakeHost[] } {
  const hosts: FakeHost[] = [];
  const launcher: HostLauncher = () => {
    const host = new FakeHost(scripts[Math.min(hosts.length, scripts.length - 1)]!);
    hosts.push(host);
    return host;
  };
  return { launcher, hosts };
}
