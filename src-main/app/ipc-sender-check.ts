// Decides whether an IPC message may reach the holder API: it must come from our window's
// webContents, from its top frame (not an iframe) and from a page on app://yikey. A frame
// that navigated elsewhere or was injected cannot call the API even though it shares the
// preload's process. Structural types keep this pure and testable without Electron.
import { isAppUrl } from './app-origin';

export interface IpcSenderFacts {
  sender: unknown;
  /** Electron's event.senderFrame: null once the frame is gone or navigated away. */
  senderFrame: { url: string; parent: unknown } | null;
}

export interface TrustedWindow {
  webContents: unknown;
  isDestroyed(): boolean;
}

export function isTrustedIpcSender(event: IpcSenderFacts, window: TrustedWindow | null): boolean {
  if (window === null || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  return (
    frame !== null && event.sender === window.webContents && frame.parent === null && isAppUrl(frame.url)
  );
}
