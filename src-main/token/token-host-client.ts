// The main process side of the token host: typed requests with timeouts, token events, and
// recovery. If the host crashes or hangs, every pending call fails with module-crashed or
// module-timeout, a 'host-restarted' event tells the app to lock, and a fresh host is started.
import { EventEmitter } from 'node:events';
import type { TokenEvent } from '../contract/token-types';
import { isErrorCode, YiKeyError } from '../contract/yikey-error';
import type { HostMethod, HostParams, HostResult } from './host-protocol';
import { hostMethods, hostReplySchema } from './host-protocol';
import { forkHostProcess, type HostLauncher, type HostProcess } from './host-process';
import type { ModuleChoice } from './module-locator';

export interface TokenHostOptions {
  module: ModuleChoice;
  launcher?: HostLauncher;
  pollIntervalMs?: number;
  /** Per-call time limits; a call that takes longer is treated as a hung module. */
  timeoutsMs?: Partial<Record<HostMethod, number>>;
}

export type HostLifecycleEvent =
  { type: 'host-crashed'; reason: string; at: string } | { type: 'host-restarted'; at: string };

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: YiKeyError) => void;
  /** Armed only while the call is at the head of the line, i.e. actually running in the host. */
  timer?: NodeJS.Timeout;
  method: HostMethod;
}

const defaultTimeoutsMs: Record<HostMethod, number> = {
  initialize: 15_000,
  listTokens: 15_000,
  listObjects: 20_000,
  // A PIN-pad reader waits for the holder to type.
  login: 120_000,
  logout: 15_000,
  logoutAll: 15_000,
  changePin: 120_000,
  signDigest: 60_000,
  signDigests: 180_000,
};

export class TokenHostClient {
  private readonly events = new EventEmitter();
  private readonly pending = new Map<number, PendingCall>();
  private process: HostProcess | undefined;
  private nextId = 1;
  private ready: Promise<HostResult<'initialize'>> | undefined;
  private stopped = false;

  constructor(private readonly options: TokenHostOptions) {}

  /** Starts the host and loads the module; rejects with a clear error if the module is unusable. */
  start(): Promise<HostResult<'initialize'>> {
    this.ready ??= this.spawn();
    return this.ready;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  onTokenEvent(listener: (event: TokenEvent) => void): () => void {
    this.events.on('token', listener);
    return () => this.events.off('token', listener);
  }

  onLifecycle(listener: (event: HostLifecycleEvent) => void): () => void {
    this.events.on('lifecycle', listener);
    return () => this.events.off('lifecycle', listener);
  }

  async call<M extends Exclude<HostMethod, 'initialize'>>(
    method: M,
    params: HostParams<M>,
  ): Promise<HostResult<M>> {
    await this.start();
    return this.send(method, params);
  }

  stop(): void {
    this.stopped = true;
    this.failPending(new YiKeyError('cancelled', 'YiKey is shutting down'));
    this.process?.kill();
    this.process = undefined;
  }

  private spawn(): Promise<HostResult<'initialize'>> {
    const child = (this.options.launcher ?? forkHostProcess)();
    this.process = child;
    child.onMessage((message) => this.receive(message));
    child.onExit(({ code, signal }) => this.handleExit(child, code, signal));
    const { module } = this.options;
    return this.send('initialize', {
      modulePath: module.path,
      pollIntervalMs: this.options.pollIntervalMs ?? 50,
      reinitializeAfterRemoval: module.vendor?.reinitializeAfterRemoval ?? false,
    }).catch((error: YiKeyError) => {
      // A module that cannot load will not load on retry either: report it, stay stopped.
      this.ready = undefined;
      this.process = undefined;
      child.kill();
      throw error;
    });
  }

  private send<M extends HostMethod>(method: M, params: HostParams<M>): Promise<HostResult<M>> {
    const child = this.process;
    if (!child) return Promise.reject(new YiKeyError('module-crashed', 'The token host is not running'));
    const id = this.nextId++;
    return new Promise<HostResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.armHeadOfLine();
      child.send({ kind: 'request', id, method, params });
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
    const timeoutMs = this.options.timeoutsMs?.[call.method] ?? defaultTimeoutsMs[call.method];
    call.timer = setTimeout(() => this.handleTimeout(id, call.method, timeoutMs), timeoutMs);
  }

  private receive(message: unknown): void {
    const reply = hostReplySchema.safeParse(message);
    if (!reply.success) return;
    const data = reply.data;
    if (data.kind === 'event') {
      this.events.emit('token', data.event);
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
    const result = hostMethods[call.method].result.safeParse(data.result);
    if (result.success) call.resolve(result.data);
    else call.reject(new YiKeyError('internal-error', `Malformed ${call.method} reply from the token host`));
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
    // A hung module never comes back by itself: replace the whole host process.
    this.process?.kill();
  }

  private handleExit(child: HostProcess, code: number | null, signal: string | null): void {
    if (child !== this.process) return;
    const wasReady = this.ready !== undefined;
    this.process = undefined;
    const reason = signal ? `signal ${signal}` : `exit code ${code}`;
    this.failPending(
      new YiKeyError('module-crashed', `The USBKEY module stopped (${reason}); please try again`),
    );
    if (this.stopped || !wasReady) return;
    const at = new Date().toISOString();
    this.events.emit('lifecycle', { type: 'host-crashed', reason, at } satisfies HostLifecycleEvent);
    this.ready = this.spawn();
    this.ready.then(
      () => this.events.emit('lifecycle', { type: 'host-restarted', at: new Date().toISOString() }),
      () => undefined,
    );
  }

  private failPending(error: YiKeyError): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(error);
      this.pending.delete(id);
    }
  }
}
