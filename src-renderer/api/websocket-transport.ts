// The holder API transport for browser mode: one WebSocket to /api on the page's own origin.
// The credential travels in the handshake (as a subprotocol), so the server checks it before
// reading any frame; a refused handshake never opens. The welcome frame carries this tab's
// session token, kept for reloads. Requests are matched to responses by id, and the holder's
// keyboard and pointer activity is reported so the server's idle lock agrees with the page's.
import type { HolderApiTransport } from '../../src-main/contract/holder-api-client';
import {
  credentialProtocol,
  holderApiSubprotocol,
  serverFrameSchema,
  type BrowserCredential,
  type ResponseResult,
} from '../../src-main/contract/holder-api-wire';
import { reportActivity } from './activity-reporter';

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
  credential: BrowserCredential,
  onState: (state: ConnectionState) => void,
  onSessionToken: (token: string) => void,
): WebSocketTransport {
  const socket = new WebSocket(`ws://${window.location.host}/api`, [
    holderApiSubprotocol,
    credentialProtocol(credential),
  ]);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let opened = false;
  let stopReporting: (() => void) | undefined;
  onState('connecting');

  socket.addEventListener('open', () => (opened = true));
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
      onSessionToken(data.sessionToken);
      stopReporting ??= reportActivity(() => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ kind: 'activity' }));
      });
      onState('ready');
    } else if (data.kind === 'response') {
      pending.get(data.id)?.resolve(data.result);
      pending.delete(data.id);
    } else {
      listeners.forEach((listener) => listener(data.name, data.payload));
    }
  });
  socket.addEventListener('close', () => {
    stopReporting?.();
    pending.forEach((entry) => entry.resolve(lostResult));
    pending.clear();
    // A handshake the server refused (spent or wrong credential) never opens.
    onState(opened ? 'lost' : 'refused');
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
