// In Electron the window shows the desktop idle warning the main process sends (session:idle)
// and keeps no timer of its own. Through the real IPC transport and contract client: a bad
// payload never reaches the screen, a warning becomes a deadline, 'active' takes it away.
import { describe, expect, it, vi } from 'vitest';
import { createHolderApiClient } from '../../../src-main/contract/holder-api-client';
import type { PreloadBridge } from '../../../src-main/contract/preload-bridge';
import { connectIpc } from '../../../src-renderer/api/ipc-transport';
import { desktopIdleWarning } from '../../../src-renderer/state/desktop-idle-warning';

function bridgeWithEvents() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge = {
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }),
  } as unknown as PreloadBridge;
  return { bridge, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) };
}

describe('desktop idle warning in the window', () => {
  it('turns a warning into a deadline and "active" into no warning', () => {
    expect(desktopIdleWarning({ state: 'warning', secondsLeft: 60 }, 1_000)).toEqual({ lockAt: 61_000 });
    expect(desktopIdleWarning({ state: 'active' }, 1_000)).toBeNull();
  });

  it('reaches the screen through the IPC bridge only when it matches the contract', () => {
    const { bridge, emit } = bridgeWithEvents();
    const client = createHolderApiClient(connectIpc(bridge, () => undefined));
    const shown: unknown[] = [];
    client.on('session:idle', (event) => shown.push(desktopIdleWarning(event, 0)));
    emit('session:idle', { state: 'warning', secondsLeft: 45 });
    emit('session:idle', { state: 'warning', secondsLeft: -5 });
    emit('session:idle', { state: 'asleep' });
    emit('session:idle', { state: 'active' });
    expect(shown).toEqual([{ lockAt: 45_000 }, null]);
  });
});
