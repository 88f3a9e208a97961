// The main process side of the token host, as an explicit state machine:
//
//   idle ──start()──▶ starting ──initialised──▶ ready ──process exits──▶ restarting ──▶ ready
//                        │ fails or exits            (host-crashed)         │ (host-restarted)
//                        ▼                                                  ▼ fails or exits
//                      idle                                               idle
//   any state ──stop()──▶ stopped (final)
//
// Each state owns at most one host process (a HostConnection). Leaving a state for another
// process always ends the previous one, so no host outlives its state: a module that crashes
// while starting is reported, never silently restarted, and stop() ends whatever was spawned.
import { EventEmitter } from 'node:events';
import type { ModuleInfo, TokenEvent } from '../contract/token-types';
import { YiKeyError } from '../contract/yikey-error';
import { HostConnection } from './host-connection';
import { forkHostProcess, type HostLauncher } from './host-process';
import type { HostMethod, HostParams, HostResult } from './host-protocol';
import { initializeParamsFor } from './initialize-params';
import type { ModuleChoice } from './module-locator';

export interface TokenHostOptions {
  module: ModuleChoice;
  launcher?: HostLauncher;
  pollIntervalMs?: number;
  /** Per-call time limits; a call that takes longer is treated as a hung module. */
  timeoutsMs?: Partial<Record<HostMethod, number>>;
  /** How long stop() lets the host log out and finalise the module before killing it. */
  shutdownGraceMs?: number;
}

export type HostLifecycleEvent =
  { type: 'host-crashed'; reason: string; at: string } | { type: 'host-restarted'; at: string };

export type HostStateName = 'idle' | 'starting' | 'ready' | 'restarting' | 'stopped';

type HostState =
  | { name: 'idle' }
  | { name: 'starting' | 'restarting'; connection: HostConnection; ready: Promise<ModuleInfo> }
  | { name: 'ready'; connection: HostConnection; ready: Promise<ModuleInfo> }
  | { name: 'stopped' };

const defaultTimeoutsMs: Record<HostMethod, number> = {
  initialize: 15_000,
  listTokens: 15_000,
  // One C_GetMechanismInfo per mechanism and key: a slow vendor module needs a while.
  diagnostics: 30_000,
  listObjects: 20_000,
  // A PIN-pad reader waits for the holder to type.
  login: 120_000,
  logout: 15_000,
  logoutAll: 15_000,
  changePin: 120_000,
  initPinAsSecurityOfficer: 60_000,
  signDigest: 60_000,
  signDigests: 180_000,
  readPublicKey: 20_000,
  // Real USBKEYs take seconds, some RSA-2048 keys up to a minute.
  generateRenewalKeyPair: 120_000,
  writeCertificate: 30_000,
  deleteKeyObjects: 30_000,
  shutdown: 3_000,
};

type CallableMethod = Exclude<HostMethod, 'initialize' | 'shutdown'>;

export class TokenHostClient {
  private readonly events = new EventEmitter();
  private state: HostState = { name: 'idle' };
  private readonly timeoutsMs: Record<HostMethod, number>;

  constructor(private readonly options: TokenHostOptions) {
    this.timeoutsMs = { ...defaultTimeoutsMs, ...options.timeoutsMs };
  }

  get stateName(): HostStateName {
    return this.state.name;
  }

  get pid(): number | undefined {
    return 'connection' in this.state ? this.state.connection.pid : undefined;
  }

  /** Starts the host and loads the module; rejects with a clear error if the module is unusable. */
  start(): Promise<ModuleInfo> {
    switch (this.state.name) {
      case 'idle':
        return this.launch('starting');
      case 'starting':
      case 'restarting':
      case 'ready':
        return this.state.ready;
      case 'stopped':
        return Promise.reject(new YiKeyError('cancelled', 'The token host was stopped'));
    }
  }

  onTokenEvent(listener: (event: TokenEvent) => void): () => void {
    this.events.on('token', listener);
    return () => this.events.off('token', listener);
  }

  onLifecycle(listener: (event: HostLifecycleEvent) => void): () => void {
    this.events.on('lifecycle', listener);
    return () => this.events.off('lifecycle', listener);
  }

  async call<M extends CallableMethod>(method: M, params: HostParams<M>): Promise<HostResult<M>> {
    await this.start();
    const state = this.state;
    if (state.name !== 'ready') throw new YiKeyError('module-crashed', 'The token host is not running');
    return state.connection.request(method, params);
  }

  /**
   * Ends the host for good. A running host first logs out of every key and finalises the module
   * (within shutdownGraceMs), then it is killed if still there. Waiting calls fail as cancelled.
   */
  async stop(): Promise<void> {
    const previous = this.state;
    this.state = { name: 'stopped' };
    if (!('connection' in previous)) return;
    previous.connection.failAll(new YiKeyError('cancelled', 'YiKey is shutting down'));
    await previous.connection.shutdown(this.options.shutdownGraceMs ?? this.timeoutsMs.shutdown);
  }

  /**
   * Ends the running host so that every login on it certainly ends (for a logout that could
   * not be confirmed); it is restarted as after a crash, and 'host-restarted' says so.
   */
  recycle(): void {
    if (this.state.name === 'ready') this.state.connection.kill();
  }

  private launch(name: 'starting' | 'restarting'): Promise<ModuleInfo> {
    const connection: HostConnection = new HostConnection({
      process: (this.options.launcher ?? forkHostProcess)(),
      timeoutsMs: this.timeoutsMs,
      onTokenEvent: (event) => {
        if (this.owns(connection)) this.events.emit('token', event);
      },
      onExit: (reason) => this.handleExit(connection, reason),
    });
    const { module } = this.options;
    const ready = connection
      .request('initialize', initializeParamsFor(module, this.options.pollIntervalMs))
      .then(
        (info) => {
          if (!this.owns(connection)) throw new YiKeyError('cancelled', 'The token host was stopped');
          this.state = { name: 'ready', connection, ready };
          if (name === 'restarting') this.emitLifecycle({ type: 'host-restarted', at: now() });
          return info;
        },
        (error: unknown) => {
          // A module that cannot load will not load on retry either: end this host, report it.
          // A later call starts afresh from idle.
          connection.kill();
          if (this.owns(connection)) this.state = { name: 'idle' };
          throw error;
        },
      );
    this.state = { name, connection, ready };
    // Nobody may be waiting on a restart; its failure is reported to the next call instead.
    if (name === 'restarting') ready.catch(() => undefined);
    return ready;
  }

  private handleExit(connection: HostConnection, reason: string): void {
    // An exit while starting fails the pending initialize, which moves to idle: no restart.
    if (this.state.name !== 'ready' || this.state.connection !== connection) return;
    this.emitLifecycle({ type: 'host-crashed', reason, at: now() });
    void this.launch('restarting');
  }

  private owns(connection: HostConnection): boolean {
    return 'connection' in this.state && this.state.connection === connection;
  }

  private emitLifecycle(event: HostLifecycleEvent): void {
    this.events.emit('lifecycle', event);
  }
}

const now = (): string => new Date().toISOString();
