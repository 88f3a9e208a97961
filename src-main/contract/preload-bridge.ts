// The shape of what the Electron preload exposes on `window.yikey`: one function per contract
// method and a subscription to contract events, nothing else (never raw ipcRenderer). Declared
// here because both the preload (main side) and the renderer's IPC transport need it, and the
// renderer may import only the contract. Pure module: types and one constant.
import type { HolderApiEvent, HolderApiInput, HolderApiMethod } from './holder-api';

export const preloadBridgeKey = 'yikey';

/**
 * Each method resolves to the dispatcher's ResponseResult as an untyped value: the renderer
 * parses it (responseResultSchema) instead of trusting the other side of the bridge.
 */
export type PreloadBridgeMethods = {
  readonly [M in HolderApiMethod]: (input: HolderApiInput<M>) => Promise<unknown>;
};

export interface PreloadBridgeEvents {
  /** Listens for one contract event; returns the function that stops listening. */
  on(event: HolderApiEvent, listener: (payload: unknown) => void): () => void;
}

export type PreloadBridge = PreloadBridgeMethods & PreloadBridgeEvents;
