// Browser mode attacked from this PC, as the issue found it: the real server process (exactly
// what `npm run web` runs) on a virtual USBKEY, driven by the ws client and by raw TCP. Malformed
// frames, a memory flood before authentication, too many sockets, an oversized message, a reused
// launch secret, a login left behind by a closed tab, and a symlink out of the renderer folder.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maxHolderApiMessageBytes } from '../../src-main/contract/transfer-limits';
import {
  startBrowserModeProcess,
  type BrowserModeProcess,
  type BrowserModeProcessOptions,
} from '../e2e/fixtures/browser-mode-process';
import {
  bigFrameHeader,
  call,
  closeCodeOf,
  launchSecretOf,
  malformedFrames,
  openSocket,
  rawUpgrade,
  residentBytes,
  upgradeRequest,
  welcomed,
  type Credential,
} from '../helpers/browser-mode-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const mebibyte = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let keys: VirtualKeyHome;
let app: BrowserModeProcess | undefined;

beforeAll(async () => {
  keys = await createVirtualKeyHome();
  await keys.initKey({ label: 'doctor' });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
});
afterAll(async () => keys.cleanup());

async function startServer(options: BrowserModeProcessOptions = {}): Promise<BrowserModeProcess> {
  app = await startBrowserModeProcess(keys, options);
  return app;
}

/** Exchanges the printed URL's launch secret for a session token, as the renderer does. */
async function sessionOf(server: BrowserModeProcess): Promise<Credential> {
  const { sessionToken, socket } = await welcomed(server, {
    kind: 'launch',
    value: launchSecretOf(server.url),
  });
  socket.close();
  return { kind: 'session', value: sessionToken };
}

/** The server is alive and a good client still gets an answer. */
async function expectServing(server: BrowserModeProcess, credential: Credential): Promise<void> {
  expect(server.running(), `server died:\n${server.stderr()}`).toBe(true);
  const { socket } = await welcomed(server, credential);
  const answer = await call(socket, 'tokens:list', {});
  expect(answer.ok).toBe(true);
  socket.close();
}

describe('browser-mode server under attack', () => {
  it('refuses a handshake without a credential before any frame is read, and stays up', async () => {
    const server = await startServer();
    for (const [name, frame] of Object.entries(malformedFrames)) {
      const connection = await rawUpgrade(server, null);
      connection.socket.write(frame);
      await connection.ended;
      // The page still loads: the process survived this connection.
      expect((await fetch(`${server.origin}/`).catch(() => null)) !== null, `${name} killed the server`).toBe(
        true,
      );
      expect(connection.status, name).toBe(401);
    }
    const wrong = await rawUpgrade(server, { kind: 'launch', value: 'A'.repeat(43) });
    expect(wrong.status).toBe(401);
    await expectServing(server, await sessionOf(server));
  });

  it('a malformed frame from an authenticated client closes that socket only', async () => {
    const server = await startServer();
    const session = await sessionOf(server);
    const bystander = await welcomed(server, session);
    for (const [name, frame] of Object.entries(malformedFrames)) {
      const connection = await rawUpgrade(server, session);
      expect(connection.status, name).toBe(101);
      connection.socket.write(frame);
      await connection.ended;
      expect(server.running(), `${name} killed the server:\n${server.stderr()}`).toBe(true);
      expect((await call(bystander.socket, 'tokens:list', {})).ok, name).toBe(true);
    }
    bystander.socket.close();
    await expectServing(server, session);
  });

  it('eight sockets sending 85 MiB each before authentication: memory stays flat', async () => {
    const server = await startServer();
    // Warm up the way a page load does, then measure.
    await fetch(`${server.origin}/`);
    await sleep(500);
    const before = await residentBytes(server.pid);
    const frameBytes = 85 * mebibyte;
    const chunk = Buffer.alloc(mebibyte, 0x41);
    const floods = Array.from({ length: 8 }, async () => {
      // Like an attacker: handshake and frame in one go, without waiting for an answer.
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.resume();
      let open = true;
      const ended = new Promise<void>((resolve) =>
        socket.once('close', () => {
          open = false;
          resolve();
        }),
      );
      socket.write(upgradeRequest(server, null));
      socket.write(bigFrameHeader(frameBytes));
      // All but the last mebibyte, so a server that buffers holds the frame instead of parsing it.
      for (let sent = 0; open && sent < frameBytes - mebibyte; sent += chunk.length) {
        if (!socket.write(chunk))
          await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), ended]);
      }
      return socket;
    });
    const sockets = await Promise.all(floods);
    await sleep(500);
    const after = await residentBytes(server.pid);
    sockets.forEach((socket) => socket?.destroy());
    const growth = after - before;
    console.info(
      `RSS before ${(before / mebibyte).toFixed(0)} MiB, after the flood ${(after / mebibyte).toFixed(0)} MiB`,
    );
    expect(server.running(), server.stderr()).toBe(true);
    expect(growth).toBeLessThan(64 * mebibyte);
    await expectServing(server, await sessionOf(server));
  }, 60_000);

  it('caps connections at eight: the ninth is refused with 503 until one closes', async () => {
    const server = await startServer();
    const session = await sessionOf(server);
    const open = [];
    for (let index = 0; index < 8; index++) open.push(await welcomed(server, session));
    expect(await openSocket(server, session)).toEqual({ kind: 'refused', status: 503 });
    const first = open.shift()!;
    const gone = closeCodeOf(first.socket);
    first.socket.close();
    await gone;
    // The server frees the slot when its end of the connection closes, a moment after ours.
    let again = await openSocket(server, session);
    for (let tries = 0; again.kind === 'refused' && tries < 40; tries++) {
      await sleep(50);
      again = await openSocket(server, session);
    }
    expect(again.kind).toBe('welcome');
    if (again.kind === 'welcome') open.push(again);
    open.forEach(({ socket }) => socket.close());
  });

  it('a message over the limit closes the socket with 1009; the server stays up', async () => {
    const server = await startServer();
    const session = await sessionOf(server);
    const { socket } = await welcomed(server, session);
    const code = closeCodeOf(socket);
    socket.send('x'.repeat(maxHolderApiMessageBytes + 1));
    expect(await code).toBe(1009);
    await expectServing(server, session);
  });

  it('the launch secret works once; the session token keeps working; SIGUSR2 prints a new URL', async () => {
    const server = await startServer();
    const launch: Credential = { kind: 'launch', value: launchSecretOf(server.url) };
    const first = await welcomed(server, launch);
    expect(first.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.sessionToken).not.toBe(launch.value);
    expect(await openSocket(server, launch)).toEqual({ kind: 'refused', status: 401 });
    // A reload of the same tab: the session token, not the secret.
    const reload = await welcomed(server, { kind: 'session', value: first.sessionToken });
    expect(reload.sessionToken).toBe(first.sessionToken);
    first.socket.close();
    reload.socket.close();

    const fresh = await server.newUrl();
    expect(fresh).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#secret=[A-Za-z0-9_-]{43}$`));
    const other = await welcomed(server, { kind: 'launch', value: launchSecretOf(fresh) });
    expect(other.sessionToken).not.toBe(first.sessionToken);
    other.socket.close();
    expect(await openSocket(server, { kind: 'launch', value: launchSecretOf(fresh) })).toEqual({
      kind: 'refused',
      status: 401,
    });
  });

  it('a login does not outlive the tab: with no renderer connected for 3 s every key is logged out', async () => {
    const server = await startServer();
    const session = await sessionOf(server);
    const record = { name: '病历.txt', contentBase64: Buffer.from('门诊病历 张三').toString('base64') };

    const tabA = await welcomed(server, session);
    const listing = (await call(tabA.socket, 'tokens:list', {})) as {
      output: { tokens: { slotId: string }[] };
    };
    const slotId = listing.output.tokens[0]!.slotId;
    expect((await call(tabA.socket, 'session:login', { slotId, pin: '123456' })).ok).toBe(true);
    tabA.socket.close();

    // A reload (a new socket within the grace period) keeps the login.
    await sleep(300);
    const reloaded = await welcomed(server, session);
    expect((await call(reloaded.socket, 'files:sign', { file: record })).ok).toBe(true);
    reloaded.socket.close();

    // Nobody connected for longer than the grace period: the key is logged out on the server.
    await sleep(4_000);
    const later = await welcomed(server, session);
    const signed = await call(later.socket, 'files:sign', { file: record });
    expect(signed.ok).toBe(false);
    expect(signed.error?.code).toBe('not-logged-in');
    later.socket.close();
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'yikey-renderer-'));
    const outside = await mkdtemp(join(tmpdir(), 'yikey-outside-'));
    try {
      await writeFile(join(folder, 'index.html'), '<!doctype html><title>YiKey</title>');
      await writeFile(join(outside, 'secret.txt'), 'not for the browser');
      await symlink(join(outside, 'secret.txt'), join(folder, 'leak.txt'));
      const server = await startServer({ rendererDirectory: folder });
      const leak = await fetch(`${server.origin}/leak.txt`);
      const body = await leak.text();
      expect(body).not.toContain('not for the browser');
      expect(leak.status).toBe(404);
      const index = await fetch(`${server.origin}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<title>YiKey</title>');
    } finally {
      await rm(folder, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });
});
