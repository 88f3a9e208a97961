// Messages between a CLI and a standby token host over their Unix socket: each is V8's structured
// serialisation (what a forked host's 'advanced' IPC channel uses, so signatures stay Uint8Array)
// behind a 4-byte big-endian length. Both ends use it; either end drops a connection whose frame
// announces more than maxFrameBytes or cannot be read, without buffering more than one frame.
import type { Socket } from 'node:net';
import { deserialize, serialize } from 'node:v8';

/** Above the largest message (a batch of 64 SM2 messages of 64 KiB each, ~4.2 MB), far below harm. */
export const maxFrameBytes = 8 * 1024 * 1024;
const headerBytes = 4;

export function writeFrame(socket: Socket, message: unknown): void {
  const body = serialize(message);
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32BE(body.length);
  socket.write(Buffer.concat([header, body]));
}

/**
 * Calls `onMessage` for each whole frame read from `socket`; a frame too large or unreadable
 * destroys the socket with an error saying which (the 'close' handler then sees it end).
 */
export function readFrames(socket: Socket, onMessage: (message: unknown) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= headerBytes && !socket.destroyed) {
      const length = buffered.readUInt32BE(0);
      if (length > maxFrameBytes) {
        socket.destroy(new Error(`A message of ${length} bytes is over the limit of ${maxFrameBytes}`));
        return;
      }
      if (buffered.length < headerBytes + length) return;
      const body = buffered.subarray(headerBytes, headerBytes + length);
      buffered = buffered.subarray(headerBytes + length);
      let message: unknown;
      try {
        message = deserialize(body);
      } catch {
        socket.destroy(new Error('A message could not be read'));
        return;
      }
      onMessage(message);
    }
  });
}
