import { describe, expect, it, vi } from 'vitest';
import { holderApiMethods } from '../../../src-main/contract/holder-api';
import type { ResponseResult } from '../../../src-main/contract/holder-api-wire';
import type { ApiEvent } from '../../../src-main/holder-api/event-translation';
import { registerHolderApiIpc, UntrustedSenderError } from '../../../src-main/app/ipc-holder-api';

type Handler = (event: unknown, input: unknown) => Promise<ResponseResult>;

function setUp() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  let emit: (event: ApiEvent) => void = () => undefined;
  const dispatcher = {
    dispatch: vi.fn((): Promise<ResponseResult> => Promise.resolve({ ok: true, output: { tokens: [] } })),
    onEvent: vi.fn((listener: (event: ApiEvent) => void) => {
      emit = listener;
      return () => {
        emit = () => undefined;
      };
    }),
  };
  const webContents = { send: vi.fn() };
  let destroyed = false;
  const window = { webContents, isDestroyed: () => destroyed };
  const afterCall = vi.fn();
  const dispose = registerHolderApiIpc({
    ipcMain: ipcMain as never,
    dispatcher,
    getWindow: () => window as never,
    afterCall,
  });
  const trusted = { sender: webContents, senderFrame: { url: 'app://yikey/index.html', parent: null } };
  return {
    handlers,
    ipcMain,
    dispatcher,
    webContents,
    afterCall,
    dispose,
    trusted,
    emit: (event: ApiEvent) => emit(event),
    destroy: () => (destroyed = true),
  };
}

describe('registerHolderApiIpc', () => {
  it('registers one handler per contract method', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(holderApiMethods).sort());
  });

  it('passes trusted calls to the dispatcher with the raw input', async () => {
    const { handlers, dispatcher, trusted, afterCall } = setUp();
    const result = await handlers.get('tokens:list')!(trusted, { any: 'thing' });
    expect(result).toEqual({ ok: true, output: { tokens: [] } });
    expect(dispatcher.dispatch).toHaveBeenCalledWith('tokens:list', { any: 'thing' });
    expect(afterCall).toHaveBeenCalledWith('tokens:list');
  });

  it('refuses untrusted frames before the dispatcher sees anything', async () => {
    const { handlers, dispatcher, webContents } = setUp();
    const foreign = { sender: webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(
      handlers.get('session:login')!(foreign, { slotId: '1', pin: '1234' }),
    ).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(dispatcher.dispatch).not.toHaveBeenCalled();
  });

  it('forwards contract events to the window while it exists', () => {
    const { emit, webContents, destroy } = setUp();
    emit({ name: 'token:removed', payload: { slotId: '3', at: '2025-01-01T00:00:00Z' } });
    expect(webContents.send).toHaveBeenCalledWith('token:removed', {
      slotId: '3',
      at: '2025-01-01T00:00:00Z',
    });
    destroy();
    emit({ name: 'host:restarted', payload: { at: 'x' } });
    expect(webContents.send).toHaveBeenCalledOnce();
  });

  it('removes its handlers and event subscription when disposed', () => {
    const { dispose, handlers, emit, webContents } = setUp();
    dispose();
    expect(handlers.size).toBe(0);
    emit({ name: 'host:restarted', payload: { at: 'x' } });
    expect(webContents.send).not.toHaveBeenCalled();
  });
});
