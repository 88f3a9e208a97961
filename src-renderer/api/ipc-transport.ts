// The holder API transport inside the Electron shell: calls go through the functions the
// preload put on window.yikey (one per contract method), events through its on(). Replies
// are parsed like WebSocket frames, so a broken bridge yields an error result, never bad data.
import { holderApiEvents, type HolderApiEvent } from '../../src-main/contract/holder-api';
import type { HolderApiTransport } from '../../src-main/contract/holder-api-client';
import { responseResultSchema, type ResponseResult } from '../../src-main/contract/holder-api-wire';
import { preloadBridgeKey, type PreloadBridge } from '../../src-main/contract/preload-bridge';

export interface IpcTransport extends HolderApiTransport {
  close(): void;
}

/** The subset of the WebSocket transport's states that IPC can be in. */
export type IpcConnectionState = 'connecting' | 'ready';

const bridgeFailure: ResponseResult = {
  ok: false,
  error: { code: 'internal-error', message: 'The YiKey window could not reach the app' },
};

/** The preload's bridge when running in the Electron shell; null in a browser. */
export function findPreloadBridge(): PreloadBridge | null {
  // globalThis is the page's window; written this way the module also runs in unit tests.
  const candidate: unknown = Reflect.get(globalThis, preloadBridgeKey);
  if (typeof candidate !== 'object' || candidate === null) return null;
  return typeof Reflect.get(candidate, 'on') === 'function' ? (candidate as PreloadBridge) : null;
}

export function connectIpc(
  bridge: PreloadBridge,
  onState: (state: IpcConnectionState) => void,
): IpcTransport {
  const unsubscribers = new Set<() => void>();
  onState('connecting');
  // IPC needs no handshake, but callers set up their client after this returns; report
  // readiness on the next tick, as the WebSocket transport would.
  queueMicrotask(() => onState('ready'));
  return {
    async request(method, input) {
      try {
        const invoke = bridge[method] as (input: unknown) => Promise<unknown>;
        const parsed = responseResultSchema.safeParse(await invoke(input));
        return parsed.success ? parsed.data : bridgeFailure;
      } catch {
        // The main process refused the sender or the handler is gone (app shutting down).
        return bridgeFailure;
      }
    },
    onEvent(listener) {
      const stops = (Object.keys(holderApiEvents) as HolderApiEvent[]).map((name) =>
        bridge.on(name, (payload) => listener(name, payload)),
      );
      const stop = (): void => {
        stops.forEach((unsubscribe) => unsubscribe());
        unsubscribers.delete(stop);
      };
      unsubscribers.add(stop);
      return stop;
    },
    close() {
      [...unsubscribers].forEach((stop) => stop());
    },
  };
}
