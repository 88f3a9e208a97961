// One connection to YiKey, as an EMR page uses it: each method is one JSON-RPC call, events are
// YiKey's notifications. Create it with connect() (connect.ts), which has already said hello.
import { YiKeyBridgeError } from './bridge-error';
import {
  checkBatch,
  checkCertificateId,
  checkContent,
  checkDigest,
  checkDigestAlgorithm,
  checkNonce,
  checkSummary,
} from './input-checks';
import { JsonRpcConnection, type Notification } from './json-rpc-connection';
import type {
  BatchItem,
  BridgeCertificate,
  HelloResult,
  LoginAnswer,
  SignBatchResult,
  SignContent,
  SignProgress,
  SignResult,
  SignSummary,
} from './wire-types';

export type BridgeEvent = 'key.inserted' | 'key.removed' | 'session.locked' | 'disconnected';

export interface BatchProgress {
  done: number;
  total: number;
}

export type SignRequest = SignContent & { summary: SignSummary; certificateId?: string };

export interface SignDigestRequest {
  digest: string;
  /** 'sm3' for an SM2 certificate (YiKey refuses SHA-256 for it); 'sha256' by default. */
  digestAlgorithm?: 'sha256' | 'sm3';
  summary: SignSummary;
  certificateId?: string;
}

export interface SignBatchOptions {
  certificateId?: string;
  /** Called as YiKey signs each item (after the holder's one consent). */
  onProgress?: (progress: BatchProgress) => void;
}

const pushedEvents: ReadonlySet<string> = new Set(['key.inserted', 'key.removed', 'session.locked']);

export class YiKeyBridgeClient {
  private readonly listeners = new Map<BridgeEvent, Set<() => void>>();
  private readonly progressListeners = new Map<number, (progress: BatchProgress) => void>();
  private readonly connection: JsonRpcConnection;

  /** Use connect(); this constructor takes a socket that is already open and said hello. */
  constructor(
    socket: ConstructorParameters<typeof JsonRpcConnection>[0],
    readonly hello: HelloResult,
    /** The address that answered (the configured port or a fallback). */
    readonly url: string,
    firstRequestId = 1,
  ) {
    this.connection = new JsonRpcConnection(
      socket,
      (notification) => this.notify(notification),
      () => this.emit('disconnected'),
      firstRequestId,
    );
  }

  get connected(): boolean {
    return this.connection.isOpen;
  }

  /** Public certificate data of the signing certificates on inserted keys. */
  async listCertificates(): Promise<BridgeCertificate[]> {
    const result = (await this.connection.call('certs.list', {})) as { certificates?: unknown };
    if (!Array.isArray(result?.certificates)) throw new YiKeyBridgeError('protocol-mismatch');
    return result.certificates as BridgeCertificate[];
  }

  /**
   * Certificate login bound to this page's origin: YiKey signs {origin, nonce, time}. Send the
   * whole answer to the EMR server, which checks it with the verifier (never trust it here).
   */
  async login(nonce: string, options: { certificateId?: string } = {}): Promise<LoginAnswer> {
    const params = { nonce: checkNonce(nonce), ...checkCertificateId(options.certificateId) };
    return (await this.connection.call('auth.login', params)) as LoginAnswer;
  }

  /** Signs the content itself; the holder sees the summary, an excerpt and the digest. */
  async sign(request: SignRequest): Promise<SignResult> {
    const params = {
      ...checkContent(request),
      summary: checkSummary(request.summary),
      ...checkCertificateId(request.certificateId),
    };
    return (await this.connection.call('sign.content', params)) as SignResult;
  }

  /** Signs a digest only (SHA-256, or SM3 for SM2); YiKey marks the consent 仅摘要 (digest only). */
  async signDigest(request: SignDigestRequest): Promise<SignResult> {
    const params = {
      digest: checkDigest(request.digest),
      ...checkDigestAlgorithm(request.digestAlgorithm),
      summary: checkSummary(request.summary),
      ...checkCertificateId(request.certificateId),
    };
    return (await this.connection.call('sign.digest', params)) as SignResult;
  }

  /** One consent and one PIN for all items; per-item results, in order, keyed by documentId. */
  async signBatch(items: BatchItem[], options: SignBatchOptions = {}): Promise<SignBatchResult> {
    const params = { items: checkBatch(items), ...checkCertificateId(options.certificateId) };
    const id = this.connection.peekNextId();
    if (options.onProgress) this.progressListeners.set(id, options.onProgress);
    try {
      return (await this.connection.call('sign.batch', params)) as SignBatchResult;
    } finally {
      this.progressListeners.delete(id);
    }
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on(event: BridgeEvent, listener: () => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.connection.close();
  }

  private notify({ method, params }: Notification): void {
    if (method === 'sign.progress') {
      const progress = params as Partial<SignProgress> | null;
      const listener =
        progress && typeof progress.requestId === 'number' && this.progressListeners.get(progress.requestId);
      if (listener && typeof progress.done === 'number' && typeof progress.total === 'number') {
        listener({ done: progress.done, total: progress.total });
      }
      return;
    }
    if (pushedEvents.has(method)) this.emit(method as BridgeEvent);
  }

  private emit(event: BridgeEvent): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener();
      } catch {
        // One page handler throwing must not stop the others (e.g. the logout one).
      }
    }
  }
}
