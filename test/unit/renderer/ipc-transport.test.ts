import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../../../src-main/contract/preload-bridge';
import { connectIpc, findPreloadBridge } from '../../../src-renderer/api/ipc-transport';

function fakeBridge(reply: (method: string, input: unknown) => Promise<unknown>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const on = vi.fn((event: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  });
  const bridge = new Proxy(
    { on },
    { get: (target, key: string) => (key === 'on' ? target.on : (input: unknown) => reply(key, input)) },
  ) as unknown as PreloadBridge;
  const emit = (event: string, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload));
  return { bridge, emit, listeners };
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'yikey');
});

describe('IPC transport', () => {
  it('finds the preload bridge only when it looks like one', () => {
    expect(findPreloadBridge()).toBeNull();
    Reflect.set(globalThis, 'yikey', { notOn: true });
    expect(findPreloadBridge()).toBeNull();
    const { bridge } = fakeBridge(() => Promise.resolve(null));
    Reflect.set(globalThis, 'yikey', bridge);
    expect(findPreloadBridge()).toBe(bridge);
  });

  it('reports ready after returning, and passes calls through', async () => {
    const { bridge } = fakeBridge((method, input) =>
      Promise.resolve({ ok: true, output: { method, input } }),
    );
    const states: string[] = [];
    const transport = connectIpc(bridge, (state) => states.push(state));
    expect(states).toEqual(['connecting']);
    await Promise.resolve();
    expect(states).toEqual(['connecting', 'ready']);
    await expect(transport.request('tokens:list', {})).resolves.toEqual({
      ok: true,
      output: { method: 'tokens:list', input: {} },
    });
  });

  it('turns malformed replies and refusals into an error result', async () => {
    const malformed = connectIpc(fakeBridge(() => Promise.resolve({ nonsense: 1 })).bridge, () => undefined);
    const refused = connectIpc(
      fakeBridge(() => Promise.reject(new Error('refused'))).bridge,
      () => undefined,
    );
    for (const transport of [malformed, refused]) {
      const result = await transport.request('tokens:list', {});
      expect(result.ok).toBe(false);
    }
  });

  it('delivers every contract event by name and unsubscribes on close', () => {
    const { bridge, emit, listeners } = fakeBridge(() => Promise.resolve(null));
    const transport = connectIpc(bridge, () => undefined);
    const seen: [string, unknown][] = [];
    transport.onEvent((name, payload) => seen.push([name, payload]));
    emit('token:inserted', { slotId: '1', at: 't' });
    emit('session:locked', { reason: 'holder', at: 't' });
    expect(seen).toEqual([
      ['token:inserted', { slotId: '1', at: 't' }],
      ['session:locked', { reason: 'holder', at: 't' }],
    ]);
    transport.close();
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});
