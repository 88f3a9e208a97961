// The server side of the auto-lock in browser mode, on a real virtual USBKEY: a page that stays
// connected but reports no activity (a hung or throttled tab, or a page whose own idle timer
// never ran) still has its login ended by the server after the auto-lock time. The server is
// started in-process with a short auto-lock time (the setting's minimum is one minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityReportIntervalMs } from '../../src-main/contract/holder-api-wire';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { startHolderCore, type HolderCore } from '../../src-main/holder-api/start-holder-core';
import { startWebServer, type RunningWebServer } from '../../src-main/web/web-server';
import { call, launchSecretOf, welcomed } from '../helpers/browser-mode-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const autoLockMs = 500;

let keys: VirtualKeyHome;
let core: HolderCore;
let server: RunningWebServer;

beforeAll(async () => {
  keys = await createVirtualKeyHome();
  await keys.initKey({ label: 'doctor' });
  process.env.VUSBKEY_HOME = keys.home;
  core = await startHolderCore({
    store: memorySettingsStore({ modulePath: keys.modulePath }),
    hostOptions: { pollIntervalMs: 50 },
  });
  server = await startWebServer({
    dispatcher: core.dispatcher,
    rendererDirectory: keys.home,
    autoLockMs: () => autoLockMs,
    presenceGraceMs: 60_000,
  });
});
afterAll(async () => {
  await server?.close();
  core?.stop();
  await keys?.cleanup();
});

describe('browser-mode server idle lock', () => {
  it('logs out every key after the auto-lock time with no activity, while the page stays connected', async () => {
    const address = { port: server.port, origin: `http://127.0.0.1:${server.port}` };
    const { socket } = await welcomed(address, { kind: 'launch', value: launchSecretOf(server.url) });
    const locked: string[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        kind: string;
        name?: string;
        payload?: { reason: string };
      };
      if (frame.kind === 'event' && frame.name === 'session:locked') locked.push(frame.payload!.reason);
    });
    const listing = (await call(socket, 'tokens:list', {})) as { output: { tokens: { slotId: string }[] } };
    const slotId = listing.output.tokens[0]!.slotId;
    expect((await call(socket, 'session:login', { slotId, pin: '123456' })).ok).toBe(true);
    const record = { name: 'record.txt', contentBase64: Buffer.from('门诊病历').toString('base64') };
    expect((await call(socket, 'files:sign', { file: record })).ok).toBe(true);

    // The page keeps polling (as the renderer does), which is not the holder's activity.
    const deadline = Date.now() + autoLockMs + activityReportIntervalMs + 1_000;
    while (Date.now() < deadline) {
      expect((await call(socket, 'tokens:list', {})).ok).toBe(true);
      await sleep(1_000);
    }
    const signed = await call(socket, 'files:sign', { file: record });
    expect(signed.error?.code).toBe('not-logged-in');
    expect(locked).toEqual(['idle']);
    socket.close();
  }, 30_000);
});
