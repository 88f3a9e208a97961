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

export function runSocketSession({
  socket,
  dispatcher,
  secret,
  helloTimeoutMs = 5_000,
}: SocketSessionOptions): void {
  let authenticated = false;
  let unsubscribe: (() => void) | undefined;
  const helloTimer = setTimeout(
    () => socket.close(closeCodes.helloTimeout, 'hello expected'),
    helloTimeoutMs,
  );

  socket.on('message', (data, isBinary) => {
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
    void dispatcher
      .dispatch(message.method, message.input)
      .then((result) => send(socket, { kind: 'response', id: message.id, result }));
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    unsubscribe?.();
  });
}
