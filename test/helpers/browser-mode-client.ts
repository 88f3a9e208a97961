// Clients of the browser-mode server as an attacker or a second tool would write them: the ws
// library for well-formed connections, a raw TCP socket for handshakes and frames no library
// would send. Nothing here imports product code: tests see the server only from outside.
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

export const subprotocol = 'yikey.v1';

export interface ServerAddress {
  port: number;
  origin: string;
}

export type Credential = { kind: 'launch' | 'session'; value: string };

export function launchSecretOf(url: string): string {
  const secret = new URLSearchParams(new URL(url).hash.slice(1)).get('secret');
  if (!secret) throw new Error(`no secret in ${url}`);
  return secret;
}

export function protocolsFor(credential: Credential | null): string[] {
  return credential === null ? [subprotocol] : [subprotocol, `yikey.${credential.kind}.${credential.value}`];
}

export type Outcome =
  | { kind: 'refused'; status: number }
  | { kind: 'closed'; code: number }
  | { kind: 'welcome'; sessionToken: string; socket: WebSocket };

/** Opens a socket the way the renderer does; resolves at the welcome, a refusal or a close. */
export function openSocket(
  server: ServerAddress,
  credential: Credential | null,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, protocolsFor(credential), {
      origin: server.origin,
      headers,
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('error', () => undefined);
    socket.once('message', (data) => {
      const frame = JSON.parse(data.toString()) as { kind: string; sessionToken?: string };
      if (frame.kind === 'welcome' && frame.sessionToken) {
        resolve({ kind: 'welcome', sessionToken: frame.sessionToken, socket });
      } else socket.close();
    });
    socket.on('close', (code) => resolve({ kind: 'closed', code }));
  });
}

export async function welcomed(server: ServerAddress, credential: Credential) {
  const outcome = await openSocket(server, credential);
  if (outcome.kind !== 'welcome') throw new Error(`not welcomed: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** One holder-API call on an open socket; resolves with the response frame's result. */
export function call(
  socket: WebSocket,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; output?: unknown; error?: { code: string } }> {
  const id = Math.floor(Math.random() * 1e9) + 1;
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      const frame = JSON.parse(data.toString()) as { kind: string; id?: number; result?: never };
      if (frame.kind !== 'response' || frame.id !== id) return;
      socket.off('message', onMessage);
      resolve(frame.result!);
    };
    socket.on('message', onMessage);
    socket.once('close', (code) => reject(new Error(`socket closed (${code}) before the answer`)));
    socket.send(JSON.stringify({ kind: 'request', id, method, input }));
  });
}

/** The close code the server gave this socket. */
export function closeCodeOf(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

/** The raw handshake request a client writes, with or without a credential. */
export function upgradeRequest(server: ServerAddress, credential: Credential | null): string {
  return [
    'GET /api HTTP/1.1',
    `Host: 127.0.0.1:${server.port}`,
    `Origin: ${server.origin}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Protocol: ${protocolsFor(credential).join(', ')}`,
    '',
    '',
  ].join('\r\n');
}

export interface RawConnection {
  socket: Socket;
  /** The status code of the server's answer to the handshake. */
  status: number;
  /** Resolves when the server ends or destroys the connection. */
  ended: Promise<void>;
}

/** A raw TCP handshake; resolves once the status line of the answer has arrived. */
export function rawUpgrade(server: ServerAddress, credential: Credential | null): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!match || !received.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.resume();
      resolve({ socket, status: Number(match[1]), ended });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`connection closed before an answer: ${received}`)));
    socket.write(upgradeRequest(server, credential));
  });
}

const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);

function masked(payload: Buffer): Buffer {
  return Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
}

/** Frames a conforming client never sends; each must close its own connection only. */
export const malformedFrames: Record<string, Buffer> = {
  // A text frame announcing 2^40 bytes of payload: 14 bytes on the wire.
  'length header of 2^40': Buffer.concat([
    Buffer.from([0x81, 0xff, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]),
    mask,
  ]),
  'reserved opcode 3': Buffer.concat([Buffer.from([0x83, 0x80]), mask]),
  'unmasked client frame': Buffer.from([0x81, 0x02, 0x68, 0x69]),
  'invalid UTF-8 text': Buffer.concat([Buffer.from([0x81, 0x82]), mask, masked(Buffer.from([0xc3, 0x28]))]),
};

/** The header of a masked text frame of `length` bytes; the payload follows separately. */
export function bigFrameHeader(length: number): Buffer {
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 0xff;
  header.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([header, mask]);
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}
