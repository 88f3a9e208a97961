// One renderer connection. Nothing but a hello with the launch secret is accepted first;
// after that, requests go to the dispatcher and contract events are pushed. Frames that do not
// parse close the socket: a well-behaved renderer never sends them.
import type { RawData, WebSocket } from 'ws';
import { clientFrameSchema, closeCodes, type ServerFrame } from '../contract/holder-api-wire';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';
import { secretMatches } from './launch-secret';

export interface SocketSessionOptions {
  socket: WebSocket;
  dispatcher: HolderApiDispatcher;
  secret: string;
  helloTimeoutMs?: number;
}

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

/** A hello frame is a few dozen bytes; anything bigger before authentication is refused. */
const maxHelloFrameBytes = 1024;
/** The renderer never has more than a handful of calls open; a flood is not the renderer. */
const maxRequestsInFlight = 32;

function frameLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, part) => total + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export function runSocketSession({
  socket,
  dispatcher,
  secret,
  helloTimeoutMs = 5_000,
}: SocketSessionOptions): void {
  let authenticated = false;
  let inFlight = 0;
  let unsubscribe: (() => void) | undefined;
  const helloTimer = setTimeout(
    () => socket.close(closeCodes.helloTimeout, 'hello expected'),
    helloTimeoutMs,
  );

  socket.on('message', (data, isBinary) => {
    // Before the secret is shown, only a small hello is parsed: a stranger on this PC must
    // not make us parse megabytes of JSON.
    if (!authenticated && frameLength(data) > maxHelloFrameBytes) {
      socket.close(closeCodes.badSecret, 'hello expected');
      return;
    }
    if (authenticated && inFlight >= maxRequestsInFlight) {
      socket.close(closeCodes.badFrame, 'too many requests in flight');
      return;
    }
    const frame = parseFrame(data, isBinary);
    if (!frame?.success) {
      socket.close(closeCodes.badFrame, 'malformed frame');
      return;
    }
    const message = frame.data;
    if (!authenticated) {
      if (message.kind !== 'hello' || !secretMatches(secret, message.secret)) {
        socket.close(closeCodes.badSecret, 'wrong secret');
        return;
      }
      authenticated = true;
      clearTimeout(helloTimer);
      unsubscribe = dispatcher.onEvent((event) => send(socket, { kind: 'event', ...event }));
      send(socket, { kind: 'welcome' });
      return;
    }
    if (message.kind !== 'request') return;
    inFlight++;
    void dispatcher
      .dispatch(message.method, message.input)
      .then((result) => send(socket, { kind: 'response', id: message.id, result }))
      .finally(() => inFlight--);
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    unsubscribe?.();
  });
}
