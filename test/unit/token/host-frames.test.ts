// The frames a CLI and a standby token host exchange (src-main/token/host-frames.ts), over a real
// Unix socket: whole messages however the bytes are cut, and a connection dropped — never a
// buffer grown — for a frame over the limit or one that V8 cannot read.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import {
  handshakeFrameBytes,
  maxFrameBytes,
  readFrames,
  writeFrame,
} from '../../../src-main/token/host-frames';

interface Pair {
  writer: Socket;
  reader: Socket;
}

const opened: { server: Server; pair: Pair; folder: string }[] = [];

async function socketPair(): Promise<Pair> {
  const folder = mkdtempSync(join(tmpdir(), 'yikey-frames-'));
  const path = join(folder, 'pair.sock');
  const server = createServer();
  const accepted = new Promise<Socket>((done) => server.once('connection', done));
  await new Promise<void>((done) => server.listen(path, done));
  const writer = connect(path);
  writer.on('error', () => undefined); // The reader dropping the connection is what is tested.
  const reader = await accepted;
  await new Promise<void>((done) => (writer.readyState === 'open' ? done() : writer.once('connect', done)));
  const pair = { writer, reader };
  opened.push({ server, pair, folder });
  return pair;
}

afterEach(() => {
  for (const { server, pair, folder } of opened.splice(0)) {
    pair.writer.destroy();
    pair.reader.destroy();
    server.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

const frame = (message: unknown): Buffer => {
  const body = serialize(message);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

/** What the reader received, and the error it was dropped with (once it closed). */
function collect(reader: Socket, limit?: (received: number) => number) {
  const messages: unknown[] = [];
  let error: Error | undefined;
  reader.on('error', (failure) => (error = failure));
  const closed = new Promise<void>((done) => reader.once('close', () => done()));
  readFrames(reader, (message) => messages.push(message), limit && (() => limit(messages.length)));
  return { messages, closed, error: () => error };
}

const writeSlowly = async (socket: Socket, bytes: Buffer, pieceBytes: number): Promise<void> => {
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    await new Promise<void>((done) => socket.write(bytes.subarray(at, at + pieceBytes), () => done()));
  }
};

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((done) => setTimeout(done, 5));
};

describe('host frames', () => {
  it('carries messages with bytes intact, several frames in one write, one frame in many writes', async () => {
    const { writer, reader } = await socketPair();
    const received = collect(reader);
    const signature = new Uint8Array([0, 1, 254, 255]);
    writeFrame(writer, { kind: 'response', id: 1, ok: true, result: { signature } });
    writer.write(Buffer.concat([frame({ n: 2 }), frame({ n: 3 })]));
    await writeSlowly(writer, frame({ n: 4, text: '出院小结' }), 1);
    await until(() => received.messages.length === 4);
    expect(received.messages[0]).toEqual({ kind: 'response', id: 1, ok: true, result: { signature } });
    expect((received.messages[0] as { result: { signature: unknown } }).result.signature).toBeInstanceOf(
      Uint8Array,
    );
    expect(received.messages.slice(1)).toEqual([{ n: 2 }, { n: 3 }, { n: 4, text: '出院小结' }]);
    expect(reader.destroyed).toBe(false);
  });

  it('drops a connection whose header announces 1 GiB, before any of it arrives', async () => {
    const { writer, reader } = await socketPair();
    const received = collect(reader);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1024 ** 3);
    writer.write(header);
    await received.closed;
    expect(received.messages).toEqual([]);
    expect(received.error()?.message).toBe(
      `A message of ${1024 ** 3} bytes is over the limit of ${maxFrameBytes}`,
    );
  });

  it('holds a handshake to its tiny limit, then raises it for the next frame in the same write', async () => {
    const { writer, reader } = await socketPair();
    const received = collect(reader, (count) => (count > 0 ? maxFrameBytes : handshakeFrameBytes));
    const large = { data: new Uint8Array(64 * 1024) };
    writer.write(Buffer.concat([frame({ kind: 'claim' }), frame(large)]));
    await until(() => received.messages.length === 2);
    expect(received.messages[1]).toEqual(large);

    const second = await socketPair();
    const strict = collect(second.reader, () => handshakeFrameBytes);
    second.writer.write(frame({ kind: 'claim', padding: 'x'.repeat(100) }));
    await strict.closed;
    expect(strict.messages).toEqual([]);
    expect(strict.error()?.message).toMatch(/over the limit of 64$/);
  });

  it('drops a connection that sends bytes V8 cannot read, and one declaring a huge array in a few bytes', async () => {
    for (const body of [
      Buffer.from('this is not V8 serialisation'),
      // V8 header, then a dense array ('A') that says it has 2^28 elements and holds none.
      Buffer.from([0xff, 0x0f, 0x41, 0x80, 0x80, 0x80, 0x80, 0x01]),
    ]) {
      const { writer, reader } = await socketPair();
      const received = collect(reader);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      writer.write(Buffer.concat([header, body]));
      await received.closed;
      expect(received.messages).toEqual([]);
      expect(received.error()?.message).toBe('A message could not be read');
    }
  });
});
