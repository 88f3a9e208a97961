// Wires the holder API onto Electron IPC: one ipcMain.handle per contract method, each
// checking the sender frame before handing the raw argument to the dispatcher (which
// validates it with the contract's zod schema). Contract events go to our window only.
import type { BrowserWindow, IpcMain } from 'electron';
import type { HolderApiMethod } from '../contract/holder-api';
import type { ResponseResult } from '../contract/holder-api-wire';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';
import { holderApiMethodChannels } from './ipc-channels';
import { isTrustedIpcSender } from './ipc-sender-check';

export interface HolderApiIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Pick<HolderApiDispatcher, 'dispatch' | 'onEvent'>;
  /** The current main window; null while it is closed (the app lives on in the tray). */
  getWindow: () => Pick<BrowserWindow, 'webContents' | 'isDestroyed'> | null;
  /** Called after each successful-or-not call, e.g. so the tray notices a login. */
  afterCall?: (method: HolderApiMethod) => void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the request did not come from the YiKey window`);
    this.name = 'UntrustedSenderError';
  }
}

/** Registers every handler; returns the function that removes them again. */
export function registerHolderApiIpc({
  ipcMain,
  dispatcher,
  getWindow,
  afterCall,
}: HolderApiIpcOptions): () => void {
  for (const channel of holderApiMethodChannels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<ResponseResult> => {
      // Thrown, not answered: an untrusted frame gets no contract-shaped reply to learn from.
      if (!isTrustedIpcSender(event, getWindow())) throw new UntrustedSenderError(channel);
      const result = await dispatcher.dispatch(channel, input);
      afterCall?.(channel);
      return result;
    });
  }
  const unsubscribe = dispatcher.onEvent((event) => {
    const window = getWindow();
    if (window !== null && !window.isDestroyed()) window.webContents.send(event.name, event.payload);
  });
  return () => {
    holderApiMethodChannels.forEach((channel) => ipcMain.removeHandler(channel));
    unsubscribe();
  };
}
