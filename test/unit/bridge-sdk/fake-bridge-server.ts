// A stand-in for YiKey's bridge in pure SDK protocol tests only (ids, errors, notifications,
// port fallbacks). Anything about consent, keys or signatures is tested against the real
// service (test/e2e/emr-*.spec.ts), never against this.
import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import type { CreateSocket, WebSocketLike } from '../../../src-main/bridge-sdk';

export interface ReceivedRequest {
  id: number;
  method: string;
  params: unknown;
}

export type Answer =
  { result: unknown } | { error: { code: number; message: string; data?: unknown } } | null;

export interface FakeBridge {
  port: number;
  received: ReceivedRequest[];
  /** Sends a frame to every connected page. */
  push(message: object): void;
  /** Closes every page's socket (YiKey quitting). */
  dropConnections(): void;
  stop(): Promise<void>;
}

export const helloResult = {
  protocol: 'yikey-bridge/1',
  appVersion: '0.1.0',
  capabilities: ['yikey.hello', 'certs.list', 'auth.login', 'sign.content', 'sign.digest', 'sign.batch'],
  keyPresent: true,
};

/** `answer` returns null to leave a request unanswered (the test answers it with push). */
export async function startFakeBridge(
  answer: (request: ReceivedRequest) => Answer = (request) =>
    request.method === 'yikey.hello' ? { result: helloResult } : { result: {} },
): Promise<FakeBridge> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const received: ReceivedRequest[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as ReceivedRequest;
      received.push(request);
      const reply = answer(request);
      if (reply) socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, ...reply }));
    });
  });
  return {
    port: (server.address() as { port: number }).port,
    received,
    push: (message) => server.clients.forEach((client) => client.send(JSON.stringify(message))),
    dropConnections: () => server.clients.forEach((client) => client.terminate()),
    stop: () =>
      new Promise((resolve) => {
        server.clients.forEach((client) => client.terminate());
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `ws` client as the SDK's socket, with the Origin a browser would send. */
export const wsSocketFactory: CreateSocket = (url) =>
  new WebSocket(url, { origin: 'https://emr.example.org' }) as unknown as WebSocketLike;
