// The preload of the holder's window (sandboxed, context-isolated). It exposes `window.yikey`:
// one named function per contract method and `on()` for contract events, generated from the
// contract. The page never receives ipcRenderer, an IpcRendererEvent or any Node API.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isHolderApiEvent } from '../contract/holder-api';
import { preloadBridgeKey, type PreloadBridge } from '../contract/preload-bridge';
import { perMethod } from './ipc-channels';

const methods = perMethod((method) => (input: unknown) => ipcRenderer.invoke(method, input));

const bridge: PreloadBridge = {
  ...methods,
  on(event, listener) {
    if (!isHolderApiEvent(event)) throw new TypeError(`Unknown YiKey event ${String(event)}`);
    // Only the payload crosses: the IPC event object would hand the page ipcRenderer.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld(preloadBridgeKey, bridge);
