// JSON-RPC 2.0 over one open WebSocket: numbered requests matched to their responses,
// notifications handed to a listener, and every pending call rejected when the socket goes.
import { errorFromResponse, YiKeyBridgeError } from './bridge-error';
import type { WebSocketLike } from './websocket-like';

interface PendingCall {
  resolve(result: unknown): void;
  reject(error: YiKeyBridgeError): void;
}

export interface Notification {
  method: string;
  params: unknown;
}

export class JsonRpcConnection {
  private nextId: number;
  private readonly pending = new Map<number, PendingCall>();
  private closed = false;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly onNotification: (notification: Notification) => void,
    private readonly onClose: () => void,
    /** Ids go on across connections on the same socket (hello's probe, then the client). */
    firstId = 1,
  ) {
    this.nextId = firstId;
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => this.shutDown();
    // The close event follows; nothing else to do here, but an unhandled error must not throw.
    socket.onerror = () => undefined;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The id the next call() will use (so a caller can match progress notifications to it). */
  peekNextId(): number {
    return this.nextId;
  }

  call(method: string, params: object): Promise<unknown> {
    if (this.closed) return Promise.reject(new YiKeyBridgeError('connection-lost'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch {
        this.pending.delete(id);
        reject(new YiKeyBridgeError('connection-lost'));
      }
    });
  }

  close(): void {
    this.socket.close(1000, 'closed by the page');
    this.shutDown();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return; // the protocol uses text frames only
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return; // not ours to answer; a broken frame must not break the page
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, method, params, result, error } = message as Record<string, unknown>;
    if (typeof method === 'string' && id === undefined) {
      this.onNotification({ method, params });
      return;
    }
    if (typeof id !== 'number') return;
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (error !== undefined) call.reject(errorFromResponse(error));
    else call.resolve(result);
  }

  private shutDown(): void {
    if (this.closed) return;
    this.closed = true;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(new YiKeyBridgeError('connection-lost'));
    this.onClose();
  }
}
