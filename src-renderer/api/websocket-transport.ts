// The holder API transport for browser mode: one WebSocket to /api on the page's own origin.
// The first frame is the hello with the launch secret; requests are matched to responses by id.
import type { HolderApiTransport } from '../../src-main/contract/holder-api-client';
import { serverFrameSchema, type ResponseResult } from '../../src-main/contract/holder-api-wire';

export type ConnectionState = 'connecting' | 'ready' | 'refused' | 'lost';

export interface WebSocketTransport extends HolderApiTransport {
  close(): void;
}

interface Pending {
  resolve: (result: ResponseResult) => void;
}

const lostResult: ResponseResult = {
  ok: false,
  error: { code: 'internal-error', message: 'The connection to YiKey was lost' },
};

export function connectWebSocket(
  secret: string,
  onState: (state: ConnectionState) => void,
): WebSocketTransport {
  const socket = new WebSocket(`ws://${window.location.host}/api`);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let ready = false;
  onState('connecting');

  socket.addEventListener('open', () => socket.send(JSON.stringify({ kind: 'hello', secret })));
  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    if (typeof message.data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.data);
    } catch {
      return; // Not a frame of ours: ignore it rather than break the page.
    }
    const frame = serverFrameSchema.safeParse(parsed);
    if (!frame.success) return;
    const data = frame.data;
    if (data.kind === 'welcome') {
      ready = true;
      onState('ready');
    } else if (data.kind === 'response') {
      pending.get(data.id)?.resolve(data.result);
      pending.delete(data.id);
    } else {
      listeners.forEach((listener) => listener(data.name, data.payload));
    }
  });
  socket.addEventListener('close', (event) => {
    pending.forEach((entry) => entry.resolve(lostResult));
    pending.clear();
    onState(!ready && event.code === 4401 ? 'refused' : 'lost');
  });

  return {
    request(method, input) {
      if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(lostResult);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        socket.send(JSON.stringify({ kind: 'request', id, method, input }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => socket.close(),
  };
}
