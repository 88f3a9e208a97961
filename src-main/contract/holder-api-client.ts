// A typed client for the holder API over any transport (WebSocket in browser mode, the
// preload's IPC in Electron). It checks every output against the contract, so a renderer
// never acts on data it did not expect, and turns error results back into YiKeyError.
import {
  holderApiEvents,
  holderApiMethods,
  isHolderApiEvent,
  type HolderApiEvent,
  type HolderApiEventPayload,
  type HolderApiInput,
  type HolderApiMethod,
  type HolderApiOutput,
} from './holder-api';
import type { ResponseResult } from './holder-api-wire';
import { YiKeyError } from './yikey-error';

export interface HolderApiTransport {
  request(method: HolderApiMethod, input: unknown): Promise<ResponseResult>;
  /** Raw events; the client validates them. Returns an unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export interface HolderApiClient {
  call<M extends HolderApiMethod>(method: M, input: HolderApiInput<M>): Promise<HolderApiOutput<M>>;
  on<E extends HolderApiEvent>(event: E, listener: (payload: HolderApiEventPayload<E>) => void): () => void;
}

export function createHolderApiClient(transport: HolderApiTransport): HolderApiClient {
  return {
    async call(method, input) {
      const result = await transport.request(method, input);
      if (!result.ok) throw YiKeyError.fromSerialized(result.error);
      const parsed = holderApiMethods[method].output.safeParse(result.output);
      if (!parsed.success) {
        throw new YiKeyError('internal-error', `Unexpected reply to ${method}: ${parsed.error.message}`);
      }
      return parsed.data as HolderApiOutput<typeof method>;
    },
    on(event, listener) {
      return transport.onEvent((name, payload) => {
        if (name !== event || !isHolderApiEvent(name)) return;
        const parsed = holderApiEvents[event].safeParse(payload);
        // A malformed event is dropped: acting on it could unlock or show stale state.
        if (parsed.success) listener(parsed.data as HolderApiEventPayload<typeof event>);
      });
    },
  };
}
