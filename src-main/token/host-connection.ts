// One running token host process and the calls waiting on it: typed requests with time
// limits, validated replies, and token events. It knows nothing about restarting; when its
// process exits, every waiting call fails and its owner (TokenHostClient) decides what next.
import type { TokenEvent } from '../contract/token-types';
import { isErrorCode, YiKeyError } from '../contract/yikey-error';
import type { HostProcess } from './host-process';
import type { HostMethod, HostParams, HostResult } from './host-protocol';

type HostProtocol = typeof import('./host-protocol');

export interface HostConnectionOptions {
  process: HostProcess;
  timeoutsMs: Record<HostMethod, number>;
  onTokenEvent: (event: TokenEvent) => void;
  /** The process is gone (crash, kill, or a finished shutdown); waiting calls have already failed. */
  onExit: (reason: string) => void;
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: YiKeyError) => void;
  /** Armed only while the call is at the head of the line, i.e. actually running in the host. */
  timer?: NodeJS.Timeout;
  method: HostMethod;
}

export class HostConnection {
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private exitReason: string | undefined;
  private readonly exitWaiters: (() => void)[] = [];
  /**
   * The protocol's schemas, and zod with them, load while the first request is on its way:
   * nothing needs them before a reply arrives, so a command's `initialize` leaves before that
   * work, which then runs beside the host's (issue 11). Replies and the exit wait for it, all in
   * the order they came.
   */
  private readonly protocol: Promise<HostProtocol> = import('./host-protocol');

  constructor(private readonly options: HostConnectionOptions) {
    options.process.onMessage((message) => this.withProtocol((protocol) => this.receive(protocol, message)));
    options.process.onExit(({ code, signal }) => this.withProtocol(() => this.handleExit(code, signal)));
  }

  /** Runs `handle` once the protocol is loaded, after everything that arrived before it. */
  private withProtocol(handle: (protocol: HostProtocol) => void): void {
    void this.protocol.then(handle, () => {
      this.failAll(new YiKeyError('internal-error', 'The token host protocol could not be loaded'));
      this.kill();
    });
  }

  get pid(): number | undefined {
    return this.options.process.pid;
  }

  get exited(): boolean {
    return this.exitReason !== undefined;
  }

  request<M extends HostMethod>(method: M, params: HostParams<M>): Promise<HostResult<M>> {
    if (this.exitReason !== undefined) {
      return Promise.reject(new YiKeyError('module-crashed', 'The token host is not running'));
    }
    const id = this.nextId++;
    return new Promise<HostResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.armHeadOfLine();
      this.options.process.send({ kind: 'request', id, method, params });
    });
  }

  failAll(error: YiKeyError): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      this.pending.delete(id);
      call.reject(error);
    }
  }

  kill(): void {
    if (this.exitReason === undefined) this.options.process.kill();
  }

  /**
   * Asks the host to log out of every key and finalise the module, then waits for it to exit;
   * after `graceMs` it is killed. Resolves once the process is gone (or could not be seen to go).
   */
  async shutdown(graceMs: number): Promise<void> {
    if (this.exitReason !== undefined) return;
    // Not a pending call: the answer that matters is the process exiting.
    this.options.process.send({ kind: 'request', id: 0, method: 'shutdown', params: {} });
    if (await this.waitForExit(graceMs)) return;
    this.options.process.kill();
    await this.waitForExit(graceMs);
  }

  private waitForExit(ms: number): Promise<boolean> {
    if (this.exitReason !== undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * The host runs calls one at a time, in order. A call's time limit starts when the call
   * before it has finished, so a holder typing on a PIN pad for a minute does not make the
   * list refresh queued behind it look like a hung module.
   */
  private armHeadOfLine(): void {
    const head = this.pending.entries().next();
    if (head.done) return;
    const [id, call] = head.value;
    if (call.timer) return;
    const timeoutMs = this.options.timeoutsMs[call.method];
    call.timer = setTimeout(() => this.handleTimeout(id, call.method, timeoutMs), timeoutMs);
  }

  private handleTimeout(id: number, method: HostMethod, timeoutMs: number): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    call.reject(
      new YiKeyError(
        'module-timeout',
        `The USBKEY did not answer ${method} within ${timeoutMs} ms; restarting it`,
      ),
    );
    // A hung module never comes back by itself: end the whole host process.
    this.kill();
  }

  private receive({ hostReplySchema, hostMethodSchema }: HostProtocol, message: unknown): void {
    const reply = hostReplySchema().safeParse(message);
    if (!reply.success) return;
    const data = reply.data;
    if (data.kind === 'event') {
      this.options.onTokenEvent(data.event);
      return;
    }
    const call = this.pending.get(data.id);
    if (!call) return;
    this.pending.delete(data.id);
    clearTimeout(call.timer);
    this.armHeadOfLine();
    if (!data.ok) {
      const { code, message, details } = data.error;
      // An unknown code from the host is a bug there, not something to show as-is.
      call.reject(
        isErrorCode(code)
          ? new YiKeyError(code, message, details ?? {})
          : new YiKeyError('internal-error', `Token host error: ${message}`),
      );
      return;
    }
    const result = hostMethodSchema(call.method, 'result').safeParse(data.result);
    if (result.success) call.resolve(result.data);
    else call.reject(new YiKeyError('internal-error', `Malformed ${call.method} reply from the token host`));
  }

  private handleExit(code: number | null, signal: string | null): void {
    if (this.exitReason !== undefined) return;
    const reason = signal ? `signal ${signal}` : `exit code ${code}`;
    this.exitReason = reason;
    this.failAll(new YiKeyError('module-crashed', `The USBKEY module stopped (${reason}); please try again`));
    this.exitWaiters.splice(0).forEach((wake) => wake());
    this.options.onExit(reason);
  }
}
