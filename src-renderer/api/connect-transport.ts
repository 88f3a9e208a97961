// Chooses the holder API transport once: the preload's IPC bridge inside the Electron shell,
// otherwise the browser-mode WebSocket with the URL's single-use launch secret or this tab's
// session token. Screens and state never learn which one they run on.
import type { HolderApiTransport } from '../../src-main/contract/holder-api-client';
import { connectIpc, findPreloadBridge } from './ipc-transport';
import { keepSessionToken, takeBrowserCredential } from './launch-secret';
import { connectWebSocket, type ConnectionState } from './websocket-transport';

export interface HolderTransport extends HolderApiTransport {
  close(): void;
}

/**
 * Whether the desktop's idle time decides the auto-lock: in the Electron shell (the preload's
 * bridge is there) the main process reads the OS idle time; a browser tab sees only itself.
 */
export function idleIsDesktopWide(): boolean {
  return findPreloadBridge() !== null;
}

/** null when in a browser with neither a launch secret nor a session token: not opened by YiKey. */
export function connectHolderTransport(onState: (state: ConnectionState) => void): HolderTransport | null {
  const bridge = findPreloadBridge();
  if (bridge) return connectIpc(bridge, onState);
  const credential = takeBrowserCredential();
  return credential ? connectWebSocket(credential, onState, keepSessionToken) : null;
}
