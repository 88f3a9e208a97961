// Chooses the holder API transport once: the preload's IPC bridge inside the Electron shell,
// otherwise the browser-mode WebSocket with the launch secret. Screens and state never learn
// which one they run on.
import type { HolderApiTransport } from '../../src-main/contract/holder-api-client';
import { connectIpc, findPreloadBridge } from './ipc-transport';
import { takeLaunchSecret } from './launch-secret';
import { connectWebSocket, type ConnectionState } from './websocket-transport';

export interface HolderTransport extends HolderApiTransport {
  close(): void;
}

/** null when in a browser without a launch secret: the page was not opened by YiKey. */
export function connectHolderTransport(onState: (state: ConnectionState) => void): HolderTransport | null {
  const bridge = findPreloadBridge();
  if (bridge) return connectIpc(bridge, onState);
  const secret = takeLaunchSecret();
  return secret ? connectWebSocket(secret, onState) : null;
}
