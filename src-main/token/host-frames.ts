// Messages between a CLI and a standby token host over their Unix socket: each is V8's structured
// serialisation (what a forked host's 'advanced' IPC channel uses, so signatures stay Uint8Array)
// behind a 4-byte big-endian length. Both ends use it; either end drops a connection whose frame
// announces more than its limit or cannot be read, without buffering more than one frame.
import type { Socket } from 'node:net';
import { deserialize, serialize } from 'node:v8';

/** Above the largest message (a batch of 64 SM2 messages of 64 KiB each, ~4.2 MB), far below harm. */
export const maxFrameBytes = 8 * 1024 * 1024;
/**
 * The limit before the two ends know each other (the claim, the hello: ~30 bytes each): an
 * unclaimed standby or a CLI still waiting for its hello buffers no more than this per connection.
 */
export const handshakeFrameBytes = 64;
const headerBytes = 4;

export function writeFrame(socket: Socket, message: unknown): void {
  const body = serialize(message);
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32BE(body.length);
  socket.write(Buffer.concat([header, body]));
}

/**
 * Calls `onMessage` for each whole frame read from `socket`; a frame larger than `frameLimit()`
 * (asked again for each frame, so a handshake can raise it) or unreadable destroys the socket
 * with an error saying which (the 'close' handler then sees it end). Chunks of a frame are joined
 * once, when the frame is whole: a large frame arriving in many small chunks costs one copy.
 */
export function readFrames(
  socket: Socket,
  onMessage: (message: unknown) => void,
  frameLimit: () => number = () => maxFrameBytes,
): void {
  let chunks: Buffer[] = [];
  let bufferedBytes = 0;
  let frameLength: number | undefined;
  const joined = (): Buffer => {
    const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bufferedBytes);
    chunks = [whole];
    return whole;
  };
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    bufferedBytes += chunk.length;
    while (!socket.destroyed) {
      if (frameLength === undefined) {
        if (bufferedBytes < headerBytes) return;
        frameLength = joined().readUInt32BE(0);
        const limit = frameLimit();
        if (frameLength > limit) {
          socket.destroy(new Error(`A message of ${frameLength} bytes is over the limit of ${limit}`));
          return;
        }
      }
      if (bufferedBytes < headerBytes + frameLength) return;
      const whole = joined();
      const body = whole.subarray(headerBytes, headerBytes + frameLength);
      const rest = whole.subarray(headerBytes + frameLength);
      chunks = rest.length > 0 ? [rest] : [];
      bufferedBytes = rest.length;
      frameLength = undefined;
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
