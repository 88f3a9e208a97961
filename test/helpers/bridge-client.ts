// Clients of the EMR bridge as a hospital page (or an attacker) would write them — the ws library
// with any Origin/Host, raw TCP for what no library sends — and YiKey's own window as the holder
// uses it: the holder API socket of browser mode, where bridge:request events arrive and
// bridge:decide answers them. Nothing here imports product code except the pure contract.
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import type { BridgeRequestView } from '../../src-main/contract/bridge-consent';
import { call, launchSecretOf, welcomed, type ServerAddress } from './browser-mode-client';

export const emrOrigin = 'https://emr.hospital.example';

export interface RpcAnswer {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: { code: string } };
}

export interface Notification {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export type BridgePage = {
  socket: WebSocket;
  notifications: Notification[];
  /** Resolves at the next notification named `method` (or one already received after `since`). */
  nextNotification(method: string, since?: number): Promise<Notification>;
  /** Sends a request and resolves with the answer carrying its id. */
  rpc(method: string, params?: unknown): Promise<RpcAnswer>;
  /** Sends any text and resolves with the next answer (for malformed requests). */
  raw(text: string): Promise<RpcAnswer>;
  closed: Promise<number>;
};

export type BridgeOpenOutcome = { kind: 'open'; page: BridgePage } | { kind: 'refused'; status: number };

const portOf = (address: string): number => Number(new URL(address).port);

export function openBridge(
  address: string,
  origin: string | null,
  headers: Record<string, string> = {},
): Promise<BridgeOpenOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(address, {
      ...(origin === null ? {} : { origin }),
      headers,
      maxPayload: 64 * 1024 * 1024,
    });
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('open', () => resolve({ kind: 'open', page: pageOn(socket) }));
  });
}

export async function openApprovedCandidate(address: string, origin = emrOrigin): Promise<BridgePage> {
  const outcome = await openBridge(address, origin);
  if (outcome.kind !== 'open') throw new Error(`bridge refused ${origin}: ${outcome.status}`);
  return outcome.page;
}

let nextId = 1;

function pageOn(socket: WebSocket): BridgePage {
  const notifications: Notification[] = [];
  const waiting = new Map<string | number, (answer: RpcAnswer) => void>();
  const anyAnswer: ((answer: RpcAnswer) => void)[] = [];
  const notificationWaiters: { method: string; resolve: (value: Notification) => void }[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as RpcAnswer & { method?: string; params?: never };
    if (message.method !== undefined && message.id === undefined) {
      const notification = { method: message.method, params: message.params ?? {}, at: performance.now() };
      notifications.push(notification);
      for (const waiter of notificationWaiters.filter((entry) => entry.method === message.method)) {
        notificationWaiters.splice(notificationWaiters.indexOf(waiter), 1);
        waiter.resolve(notification);
      }
      return;
    }
    const byId = message.id === null ? undefined : waiting.get(message.id);
    if (byId) {
      waiting.delete(message.id!);
      byId(message);
    } else anyAnswer.shift()?.(message);
  });
  return {
    socket,
    notifications,
    closed,
    nextNotification(method, since = -1) {
      const already = notifications.find((entry) => entry.method === method && entry.at > since);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => notificationWaiters.push({ method, resolve }));
    },
    rpc(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, resolve);
        socket.once('close', (code) =>
          reject(new Error(`bridge closed (${code}) before answering ${method}`)),
        );
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      });
    },
    raw(text) {
      return new Promise((resolve) => {
        anyAnswer.push(resolve);
        socket.send(text);
      });
    },
  };
}

/** A raw HTTP upgrade to the bridge with exactly these headers; resolves with the status code. */
export function rawBridgeUpgrade(
  address: string,
  headers: Record<string, string>,
  path = '/',
): Promise<{ status: number; write: (data: Buffer) => void; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(portOf(address), '127.0.0.1');
    socket.on('error', () => undefined);
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match && received.includes('\r\n\r\n'))
        resolve({ status: Number(match[1]), write: (data) => socket.write(data), ended });
    });
    socket.once('close', () => reject(new Error(`closed before an answer: ${received}`)));
    const lines = [
      `GET ${path} HTTP/1.1`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ];
    socket.write(lines.join('\r\n'));
  });
}

/** YiKey's window as the holder uses it: sees the bridge's questions and answers them. */
export interface HolderWindow {
  requests: BridgeRequestView[];
  nextRequest(): Promise<BridgeRequestView>;
  ended: { requestId: string; outcome: string }[];
  nextEnded(): Promise<{ requestId: string; outcome: string }>;
  decide(requestId: string, approve: boolean): Promise<{ ok: boolean; error?: { code: string } }>;
  login(slotId: string, pin: string): Promise<{ ok: boolean; error?: { code: string } }>;
  call(method: string, input: unknown): ReturnType<typeof call>;
  close(): void;
}

export async function openHolderWindow(server: ServerAddress & { url: string }): Promise<HolderWindow> {
  const { socket } = await welcomed(server, { kind: 'launch', value: launchSecretOf(server.url) });
  const requests: BridgeRequestView[] = [];
  const ended: { requestId: string; outcome: string }[] = [];
  const requestWaiters: ((view: BridgeRequestView) => void)[] = [];
  const endedWaiters: ((value: { requestId: string; outcome: string }) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { kind: string; name?: string; payload?: never };
    if (frame.kind !== 'event') return;
    if (frame.name === 'bridge:request') {
      const waiter = requestWaiters.shift();
      if (waiter) waiter(frame.payload!);
      else requests.push(frame.payload!);
    }
    if (frame.name === 'bridge:request-ended') {
      const waiter = endedWaiters.shift();
      if (waiter) waiter(frame.payload!);
      else ended.push(frame.payload!);
    }
  });
  return {
    requests,
    ended,
    nextRequest: () => {
      const queued = requests.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => requestWaiters.push(resolve));
    },
    nextEnded: () => {
      const queued = ended.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => endedWaiters.push(resolve));
    },
    decide: (requestId, approve) => call(socket, 'bridge:decide', { requestId, approve }),
    login: (slotId, pin) => call(socket, 'session:login', { slotId, pin }),
    call: (method, input) => call(socket, method, input),
    close: () => socket.close(),
  };
}
