// The part of the browser's WebSocket the SDK uses. Declared here so the SDK type-checks without
// the DOM library and a test can hand it any socket with the same shape (e.g. the `ws` package).

export interface SocketMessageEvent {
  data: unknown;
}

export interface SocketCloseEvent {
  code: number;
  reason: string;
}

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: SocketMessageEvent) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: SocketCloseEvent) => void) | null;
}

export type CreateSocket = (url: string) => WebSocketLike;

export const socketOpen = 1;

/** The page's own WebSocket (browsers, and Node ≥ 22). */
export function browserSocketFactory(): CreateSocket | null {
  const constructor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  return constructor ? (url) => new constructor(url) : null;
}

export type OpenOutcome = { opened: true; socket: WebSocketLike } | { opened: false };

/**
 * Opens a socket; resolves { opened: false } if it fails or does not open in time. A browser
 * does not say why a WebSocket failed (refused, blocked by the browser, 403), only that it did.
 */
export function openSocket(create: CreateSocket, url: string, timeoutMs: number): Promise<OpenOutcome> {
  return new Promise((resolve) => {
    let socket: WebSocketLike;
    try {
      socket = create(url);
    } catch {
      resolve({ opened: false });
      return;
    }
    const finish = (outcome: OpenOutcome): void => {
      clearTimeout(timer);
      socket.onopen = null;
      socket.onerror = null;
      socket.onclose = null;
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish({ opened: false });
      socket.close();
    }, timeoutMs);
    socket.onopen = () => finish({ opened: true, socket });
    socket.onerror = () => finish({ opened: false });
    socket.onclose = () => finish({ opened: false });
  });
}
