// One renderer connection, already authenticated during the handshake (web-server.ts). It is
// welcomed with the tab's session token; then requests go to the dispatcher and contract
// events are pushed. Frames that do not parse close this socket: a well-behaved renderer never
// sends them. Protocol errors (ws rejects bad framing, oversized or invalid UTF-8 messages and
// closes the socket with the matching code) end this connection only, never the process.
import type { RawData, WebSocket } from 'ws';
import { clientFrameSchema, closeCodes, type ServerFrame } from '../contract/holder-api-wire';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';

export interface SocketSessionOptions {
  socket: WebSocket;
  dispatcher: HolderApiDispatcher;
  /** The token this tab reconnects with. */
  sessionToken: string;
  /** The holder did something (the idle lock starts again). */
  onActivity: () => void;
  /** The socket is gone, for whatever reason. */
  onClose: () => void;
}

/** The renderer never has more than a handful of calls open; a flood is not the renderer. */
const maxRequestsInFlight = 32;

/** How long a socket that broke the protocol gets to finish closing. */
const closeGraceMs = 1_000;

/** Reads the renderer makes on its own (polls, refreshes); everything else is the holder's doing. */
const backgroundMethods = new Set(['tokens:list', 'certs:list', 'settings:get', 'bridge:status']);

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

function parseFrame(
  data: RawData,
  isBinary: boolean,
): ReturnType<typeof clientFrameSchema.safeParse> | undefined {
  if (isBinary) return undefined;
  try {
    return clientFrameSchema.safeParse(JSON.parse(data.toString()));
  } catch {
    return undefined;
  }
}

export function runSocketSession({
  socket,
  dispatcher,
  sessionToken,
  onActivity,
  onClose,
}: SocketSessionOptions): void {
  let inFlight = 0;
  const unsubscribe = dispatcher.onEvent((event) => send(socket, { kind: 'event', ...event }));

  // ws is already closing the socket with the right code (1002, 1007, 1009…) and discards
  // whatever else arrives; without a listener the error would be thrown and take the whole
  // server down. A peer that never completes the closing handshake is cut off after a second
  // (not ws' 30 s), so it cannot hold one of the few socket slots.
  socket.on('error', () => {
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  });

  socket.on('message', (data, isBinary) => {
    if (inFlight >= maxRequestsInFlight) {
      socket.close(closeCodes.tooManyRequests, 'too many requests in flight');
      return;
    }
    const frame = parseFrame(data, isBinary);
    if (!frame?.success) {
      socket.close(closeCodes.badFrame, 'malformed frame');
      return;
    }
    const message = frame.data;
    if (message.kind === 'activity') {
      onActivity();
      return;
    }
    if (!backgroundMethods.has(message.method)) onActivity();
    inFlight++;
    void dispatcher
      .dispatch(message.method, message.input)
      .then((result) => send(socket, { kind: 'response', id: message.id, result }))
      .finally(() => inFlight--);
  });

  socket.on('close', () => {
    unsubscribe();
    onClose();
  });

  send(socket, { kind: 'welcome', sessionToken });
}
