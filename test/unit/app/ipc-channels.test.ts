// The channel names, and the preload that turns them into window.yikey: run on a stand-in for
// Electron's IPC with the real main-side registration and dispatcher behind it, so a preload
// function that invoked the wrong channel, a channel the main process does not handle, or an
// event listener that leaked Electron's event object to the page would fail here.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerHolderApiIpc } from '../../../src-main/app/ipc-holder-api';
import { holderApiEventChannels, holderApiMethodChannels } from '../../../src-main/app/ipc-channels';
import type { HolderApiMethod } from '../../../src-main/contract/holder-api';
import type { PreloadBridge } from '../../../src-main/contract/preload-bridge';
import { createHolderApiDispatcher } from '../../../src-main/holder-api/dispatcher';
import { createFakeElectronIpc, type FakeElectronIpc } from '../../helpers/fake-electron-ipc';
import { validCalls } from '../../helpers/holder-api-sample-calls';
import { createRecordingHolder } from '../../helpers/recording-holder';

// The preload runs once, as in a real window; its ipcRenderer is whichever fake the current
// test set up, and what it exposes is kept as the page would see it.
const electron = vi.hoisted(() => ({
  ipc: undefined as FakeElectronIpc | undefined,
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => {
  const current = (): FakeElectronIpc['ipcRenderer'] => electron.ipc!.ipcRenderer;
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => void electron.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => current().invoke(channel, ...args),
      on: (channel: string, listener: never) => current().on(channel, listener),
      removeListener: (channel: string, listener: never) => current().removeListener(channel, listener),
    },
  };
});

let bridge: PreloadBridge;
let ipc: FakeElectronIpc;
let recording: ReturnType<typeof createRecordingHolder>;

beforeAll(async () => {
  await import('../../../src-main/app/preload');
  bridge = electron.exposed.get('yikey') as PreloadBridge;
});

beforeEach(() => {
  ipc = createFakeElectronIpc();
  electron.ipc = ipc;
  recording = createRecordingHolder();
  const dispatcher = createHolderApiDispatcher({
    holder: recording.holder,
    settings: recording.settings,
    requests: recording.requests,
  });
  dispatcher.attachBridge(recording.bridge);
  const dispose = registerHolderApiIpc({
    ipcMain: ipc.ipcMain as never,
    dispatcher,
    getWindow: () => ipc.window as never,
  });
  return () => {
    dispose();
    dispatcher.close();
  };
});

describe('IPC channel names', () => {
  it('names every channel domain:verb', () => {
    for (const channel of [...holderApiMethodChannels, ...holderApiEventChannels]) {
      expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    }
  });

  it('never uses one name for a method and an event', () => {
    const events = new Set<string>(holderApiEventChannels);
    expect(holderApiMethodChannels.filter((channel) => events.has(channel))).toEqual([]);
  });
});

describe('preload bridge (window.yikey)', () => {
  it('exposes only functions: one per method and on(), never ipcRenderer or a generic send', () => {
    expect([...electron.exposed.keys()]).toEqual(['yikey']);
    for (const [name, value] of Object.entries(bridge)) {
      expect(typeof value, name).toBe('function');
      expect(name).not.toMatch(/ipc|invoke|send|^emit$/i);
    }
  });

  it.each(Object.keys(validCalls) as HolderApiMethod[])(
    '%s: the page’s function reaches the main-process handler and the holder, and returns its reply',
    async (method) => {
      const call = bridge[method] as (input: unknown) => Promise<unknown>;
      const reply = await call(validCalls[method].input);
      expect(recording.calls[0]).toEqual(validCalls[method].reaches);
      expect(reply).toHaveProperty('ok');
    },
  );

  it('has no function the main process would not answer', async () => {
    const functions = Object.keys(bridge).filter((name) => name !== 'on');
    for (const name of functions) {
      const call = Reflect.get(bridge, name) as (input: unknown) => Promise<unknown>;
      await expect(call(validCalls[name as HolderApiMethod]?.input ?? {}), name).resolves.toHaveProperty(
        'ok',
      );
    }
  });

  it('passes an event’s payload to the page, never Electron’s event object, until unsubscribed', () => {
    const received: unknown[][] = [];
    const stop = bridge.on('token:removed', (...args: unknown[]) => received.push(args));
    recording.emit({ type: 'token-removed', slotId: '2', at: '2026-01-01T00:00:00.000Z' });
    expect(received).toEqual([[{ slotId: '2', at: '2026-01-01T00:00:00.000Z' }]]);
    stop();
    expect(ipc.listenerCount('token:removed')).toBe(0);
    recording.emit({ type: 'token-removed', slotId: '2', at: '2026-01-01T00:00:01.000Z' });
    expect(received).toHaveLength(1);
  });

  it.each(['tokens:list', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', ''])(
    'refuses to listen to %j, which is no contract event',
    (name) => {
      expect(() => bridge.on(name as never, () => undefined)).toThrow(TypeError);
      expect(ipc.listenerCount(name)).toBe(0);
    },
  );
});
