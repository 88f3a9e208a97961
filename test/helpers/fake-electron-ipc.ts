// A stand-in for Electron's IPC, for unit tests of our own wiring (Electron cannot run on the
// build machines). It keeps the behaviour our code relies on: ipcMain.handle allows one
// handler per channel, ipcRenderer.invoke on a channel without a handler rejects (as Electron
// does), a handler that throws rejects the invoke, every argument and reply is copied by
// structured clone, and the handler sees the sender's webContents and frame as Electron
// reports them. Which frame is sending is set by the test.
import { appEntryUrl } from '../../src-main/app/app-origin';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export interface SenderFrame {
  url: string;
  parent: unknown;
}

export interface FakeIpcSender {
  sender: unknown;
  senderFrame: SenderFrame | null;
}

export function createFakeElectronIpc() {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  // What ipcRenderer hands a listener as its first argument; the preload must never pass it on.
  const rendererEvent = { sender: { invoke: 'ipcRenderer itself' }, ports: [] };
  const webContents = {
    send(channel: string, ...args: unknown[]): void {
      const copies = args.map((arg) => structuredClone(arg));
      rendererListeners.get(channel)?.forEach((listener) => listener(rendererEvent, ...copies));
    },
  };
  let destroyed = false;
  const window = { webContents, isDestroyed: () => destroyed };
  /** Our window's top frame on app://yikey: what a genuine call from the holder's page looks like. */
  const ownFrame: FakeIpcSender = { sender: webContents, senderFrame: { url: appEntryUrl, parent: null } };
  let currentSender: FakeIpcSender = ownFrame;

  const ipcMain = {
    handle(channel: string, handler: Handler): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string): void {
      handlers.delete(channel);
    },
  };

  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      try {
        const reply = await handler(currentSender, ...args.map((arg) => structuredClone(arg)));
        return structuredClone(reply);
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
      }
    },
    on(channel: string, listener: RendererListener): void {
      const listeners = rendererListeners.get(channel) ?? new Set();
      listeners.add(listener);
      rendererListeners.set(channel, listeners);
    },
    removeListener(channel: string, listener: RendererListener): void {
      rendererListeners.get(channel)?.delete(listener);
    },
  };

  return {
    ipcMain,
    ipcRenderer,
    window,
    webContents,
    ownFrame,
    /** Channels with a handler right now. */
    handledChannels: (): string[] => [...handlers.keys()],
    /** Renderer listeners still subscribed to a channel. */
    listenerCount: (channel: string): number => rendererListeners.get(channel)?.size ?? 0,
    /** The next invokes come from this sender (another frame, another page, another window). */
    sendFrom(sender: FakeIpcSender): void {
      currentSender = sender;
    },
    closeWindow(): void {
      destroyed = true;
    },
  };
}

export type FakeElectronIpc = ReturnType<typeof createFakeElectronIpc>;
