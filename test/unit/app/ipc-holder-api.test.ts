// The Electron door to the holder API: our IPC registration on a stand-in for Electron's IPC,
// in front of the real dispatcher and a holder that records what reached it. Each test names
// what a broken door would let through: a call from another page, a malformed argument, a
// channel nobody declared.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HolderApiMethod } from '../../../src-main/contract/holder-api';
import type { ResponseResult } from '../../../src-main/contract/holder-api-wire';
import { createHolderApiDispatcher } from '../../../src-main/holder-api/dispatcher';
import { registerHolderApiIpc } from '../../../src-main/app/ipc-holder-api';
import { createFakeElectronIpc, type FakeIpcSender } from '../../helpers/fake-electron-ipc';
import { sampleFile, sampleFingerprint, validCalls } from '../../helpers/holder-api-sample-calls';
import { createRecordingHolder, reachedMarker, recordedToken } from '../../helpers/recording-holder';

const fingerprint = sampleFingerprint;
const file = sampleFile;
const secretPin = 'S3cret-PIN-'.repeat(7);

/** Arguments the contract refuses, per method; a number is refused by every method. */
const malformedCalls: Record<HolderApiMethod, unknown[]> = {
  'tokens:list': [42, 'list'],
  'certs:list': [42, ['all']],
  'certs:chain': [42, {}, { sha256Fingerprint: '' }, { sha256Fingerprint: 'a'.repeat(201) }],
  'certs:export': [42, { sha256Fingerprint: fingerprint, format: 'exe' }, { format: 'pem' }],
  'session:login': [
    42,
    { slotId: 1, pin: '482916' },
    { slotId: '', pin: '482916' },
    { slotId: '1', pin: secretPin },
  ],
  'session:logout': [42, {}, { slotId: 'x'.repeat(33) }],
  'session:lock': [42, { reason: 'because' }],
  'pin:change': [42, { slotId: '1', oldPin: '482916' }, { slotId: '1', oldPin: secretPin, newPin: '739184' }],
  'files:sign': [
    42,
    { file: { name: '../../etc/passwd', contentBase64: 'AQID' } },
    { file: { name: 'a.txt', contentBase64: 'not base64!' } },
  ],
  'files:verify': [42, { file }, { file, signature: { name: 'a/b.p7s', contentBase64: 'BAU=' } }],
  'settings:get': [42, 'settings'],
  'diagnostics:get': [42, 'report'],
  'settings:set': [
    42,
    { renewalWindowDays: 0 },
    { modulePath: 'libevil.so' },
    { autoLockMinutes: 10, unknownSetting: true },
  ],
  'bridge:status': [42, 'status'],
  'bridge:decide': [42, { requestId: 'x', approve: true }, { requestId: 'ab'.repeat(16), approve: 'yes' }],
  'bridge:revoke': [42, { origin: 'https://emr.example/path' }, { origin: 'javascript:alert(1)' }],
  'requests:list': [42, 'all'],
  'requests:renew': [42, {}, { sha256Fingerprint: '' }, { sha256Fingerprint: 'a'.repeat(201) }],
  'requests:sync': [42, { id: '../../etc/passwd' }],
  'requests:withdraw': [42, {}, { id: 'not-a-uuid' }],
  'requests:resubmit': [42, {}, { id: 7 }],
  'requests:change': [42, {}, { sha256Fingerprint: 'AB', changes: { idNumber: 'x'.repeat(19) } }],
  'requests:revoke': [42, { sha256Fingerprint: 'AB' }, { sha256Fingerprint: 'AB', reason: 'lost' }],
  'requests:reissue': [
    42,
    { slotId: '0', reference: '1', code: '' },
    { slotId: '0', reference: '1'.repeat(41), code: 'x' },
  ],
  'unlock:start': [
    42,
    { slotId: '0', reference: '1', code: '' },
    { slotId: '0', reference: '1', code: 'x'.repeat(65) },
  ],
  'unlock:continue': [
    42,
    { id: 'not-a-uuid', code: 'x' },
    { id: '00000000-0000-4000-8000-000000000000', code: 'x', newPin: '' },
  ],
  'unlock:list': [42, 'all'],
};

const methods = Object.keys(validCalls) as HolderApiMethod[];

function setUp() {
  const ipc = createFakeElectronIpc();
  const recording = createRecordingHolder();
  const dispatcher = createHolderApiDispatcher({
    holder: recording.holder,
    settings: recording.settings,
    requests: recording.requests,
  });
  dispatcher.attachBridge(recording.bridge);
  const afterCall = vi.fn();
  const dispose = registerHolderApiIpc({
    ipcMain: ipc.ipcMain as never,
    dispatcher,
    getWindow: () => ipc.window as never,
    afterCall,
  });
  const invoke = (channel: string, input: unknown) =>
    ipc.ipcRenderer.invoke(channel, input) as Promise<ResponseResult>;
  return { ipc, recording, afterCall, dispose, invoke, close: () => dispatcher.close() };
}

let cleanUp: (() => void) | undefined;
afterEach(() => cleanUp?.());

function started() {
  const parts = setUp();
  cleanUp = () => {
    parts.dispose();
    parts.close();
  };
  return parts;
}

describe('holder API on Electron IPC', () => {
  it.each(methods)(
    '%s: a valid call from our window reaches the holder with the parsed input',
    async (method) => {
      const { invoke, recording, afterCall } = started();
      const result = await invoke(method, validCalls[method].input);
      expect(recording.calls[0]).toEqual(validCalls[method].reaches);
      expect(afterCall).toHaveBeenCalledWith(method);
      // The recording holder answers these two and refuses the rest with its own marker; any
      // other reply would mean the call stopped before it.
      const answered = method === 'tokens:list' || method === 'session:login';
      expect(result.ok ? 'answered' : result.error).toEqual(
        answered ? 'answered' : expect.objectContaining({ code: 'device-error', message: reachedMarker }),
      );
    },
  );

  it('answers with what the holder returned, checked against the contract', async () => {
    const { invoke } = started();
    await expect(invoke('tokens:list', {})).resolves.toEqual({
      ok: true,
      output: { tokens: [recordedToken] },
    });
    await expect(invoke('session:login', { slotId: '1', pin: '482916' })).resolves.toEqual({
      ok: true,
      output: recordedToken,
    });
  });

  it.each(methods)(
    '%s: a malformed argument is refused with invalid-input and never reaches the holder',
    async (method) => {
      const { invoke, recording } = started();
      for (const input of malformedCalls[method]) {
        const result = await invoke(method, input);
        expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        // The refusal names fields, never values: a PIN typed into the wrong shape stays unsaid.
        expect(JSON.stringify(result)).not.toContain('S3cret');
      }
      expect(recording.calls).toEqual([]);
    },
  );

  const otherWebContents = { send: () => undefined };
  const strangers: Record<string, (own: FakeIpcSender) => FakeIpcSender> = {
    'another site loaded in our window': (own) => ({
      sender: own.sender,
      senderFrame: { url: 'https://evil.example/index.html', parent: null },
    }),
    'a look-alike origin': (own) => ({
      sender: own.sender,
      senderFrame: { url: 'app://yikey.evil/index.html', parent: null },
    }),
    'an iframe inside our page, even on app://yikey': (own) => ({
      sender: own.sender,
      senderFrame: { url: 'app://yikey/index.html', parent: own.senderFrame },
    }),
    'another window on app://yikey': () => ({
      sender: otherWebContents,
      senderFrame: { url: 'app://yikey/index.html', parent: null },
    }),
    'a frame that is gone': (own) => ({ sender: own.sender, senderFrame: null }),
  };

  it.each(Object.keys(strangers))(
    'refuses %s on every channel before the holder sees anything',
    async (name) => {
      const { ipc, invoke, recording, afterCall } = started();
      ipc.sendFrom(strangers[name]!(ipc.ownFrame));
      for (const method of methods) {
        await expect(invoke(method, validCalls[method].input)).rejects.toThrow(
          /did not come from the YiKey window/,
        );
      }
      expect(recording.calls).toEqual([]);
      expect(afterCall).not.toHaveBeenCalled();
    },
  );

  it('refuses every call once our window is closed', async () => {
    const { ipc, invoke, recording } = started();
    ipc.closeWindow();
    await expect(invoke('session:login', validCalls['session:login'].input)).rejects.toThrow(/YiKey window/);
    expect(recording.calls).toEqual([]);
  });

  it.each([
    'token:removed',
    'session:locked',
    'shell:open',
    'Tokens:list',
    'tokens:list ',
    '__proto__',
    'constructor',
    '',
  ])('has no handler for the undeclared channel %j', async (channel) => {
    const { invoke, recording } = started();
    await expect(invoke(channel, {})).rejects.toThrow(/No handler registered/);
    expect(recording.calls).toEqual([]);
  });

  it('forwards contract events to the window with only their payload, and none once it is closed', () => {
    const { ipc, recording } = started();
    const received: unknown[][] = [];
    ipc.ipcRenderer.on('token:removed', (...args) => received.push(['token:removed', ...args.slice(1)]));
    ipc.ipcRenderer.on('session:locked', (...args) => received.push(['session:locked', ...args.slice(1)]));
    recording.emit({ type: 'token-removed', slotId: '3', at: '2026-01-01T00:00:00.000Z' });
    recording.emit({ type: 'logged-out', reason: 'token-removed', at: '2026-01-01T00:00:00.000Z' });
    expect(received).toEqual([
      ['token:removed', { slotId: '3', at: '2026-01-01T00:00:00.000Z' }],
      ['session:locked', { reason: 'token-removed', at: '2026-01-01T00:00:00.000Z' }],
    ]);
    ipc.closeWindow();
    recording.emit({ type: 'token-removed', slotId: '4', at: '2026-01-01T00:00:01.000Z' });
    expect(received).toHaveLength(2);
  });

  it('after dispose no channel answers and no event is sent', async () => {
    const { ipc, dispose, invoke, recording } = started();
    dispose();
    expect(ipc.handledChannels()).toEqual([]);
    for (const method of methods) {
      await expect(invoke(method, validCalls[method].input)).rejects.toThrow(/No handler registered/);
    }
    const received: unknown[] = [];
    ipc.ipcRenderer.on('token:inserted', (_event, payload) => received.push(payload));
    recording.emit({ type: 'token-inserted', slotId: '1', at: '2026-01-01T00:00:00.000Z' });
    expect(received).toEqual([]);
    expect(recording.calls).toEqual([]);
  });
});
