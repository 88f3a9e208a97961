// The EMR bridge attacked from this PC, as the security issue asks: hostile upgrades (foreign,
// missing and garbage Origins, a rebinding Host), oversize and malformed frames before approval
// (the 14-byte frame announcing 2^40 bytes), malformed JSON-RPC, PIN-like fields, methods
// before approval, administrative methods, connection and request floods, a pop-up storm of
// first contacts. The real browser-mode process serves the bridge; after every attack the
// approved page is still answered, and the process's memory stays flat.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserModeProcess, type BrowserModeProcess } from '../e2e/fixtures/browser-mode-process';
import {
  emrOrigin,
  openApprovedCandidate,
  openBridge,
  openHolderWindow,
  rawBridgeUpgrade,
  type BridgePage,
} from '../helpers/bridge-client';
import { bigFrameHeader, malformedFrames, residentBytes } from '../helpers/browser-mode-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const flooderOrigin = 'https://flood.hospital.example';
const strangerOrigin = 'https://evil.example';
const thirdOrigin = 'https://third.hospital.example';
const summary = { patient: '李四', recordType: '病程记录', title: '记录', documentId: 'D-1' };
const mebibyte = 1024 * 1024;

let keys: VirtualKeyHome;
let app: BrowserModeProcess;
let address: string;
let port: number;

beforeAll(async () => {
  keys = await createVirtualKeyHome();
  await keys.initKey({ label: 'doctor' });
  const policyFile = path.join(keys.home, 'policy.json');
  // Hospital IT approved three systems; only they are approved without asking the holder.
  writeFileSync(
    policyFile,
    JSON.stringify({ bridge: { approvedOrigins: [emrOrigin, flooderOrigin, thirdOrigin] } }),
  );
  app = await startBrowserModeProcess(keys, { policyFile, bridgeDecisionTimeoutMs: 3_000 });
  address = await app.bridgeAddress();
  port = Number(new URL(address).port);
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await keys?.cleanup();
});

/** The approved hospital page still gets its answer, and the process is alive. */
async function expectServing(): Promise<void> {
  expect(app.running(), `bridge process died:\n${app.stderr()}`).toBe(true);
  const page = await openWhenFree(emrOrigin);
  const hello = await page.rpc('yikey.hello');
  expect(hello.result).toMatchObject({ protocol: 'yikey-bridge/1', keyPresent: true });
  page.socket.close();
  await page.closed;
}

/** Opens a page, waiting briefly while the server still counts connections that just closed. */
async function openWhenFree(origin: string): Promise<BridgePage> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await openBridge(address, origin);
    if (outcome.kind === 'open') return outcome.page;
    if (attempt > 40) throw new Error(`bridge refused ${origin}: ${outcome.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function closeCodeAfter(page: BridgePage, frame: Buffer): Promise<number> {
  // Written below the ws client so nothing is validated or masked for us.
  (page.socket as unknown as { _socket: { write(data: Buffer): void } })._socket.write(frame);
  return page.closed;
}

describe('EMR bridge under attack', () => {
  it('refuses hostile upgrades before any frame: missing, null, foreign http and path-carrying Origins, rebinding Hosts, other paths', async () => {
    const good = { Host: `127.0.0.1:${port}`, Origin: emrOrigin };
    const cases: [string, Record<string, string>, string, number][] = [
      ['no Origin', { Host: good.Host }, '/', 403],
      ['Origin null', { ...good, Origin: 'null' }, '/', 403],
      ['http origin not in the policy', { ...good, Origin: 'http://evil.example' }, '/', 403],
      ['origin with a path', { ...good, Origin: `${emrOrigin}/emr` }, '/', 403],
      ['two origins', { ...good, Origin: `${emrOrigin}, ${strangerOrigin}` }, '/', 403],
      ['rebinding Host', { ...good, Host: `evil.example:${port}` }, '/', 403],
      ['Host on another port', { ...good, Host: `127.0.0.1:${port + 1}` }, '/', 403],
      ['no Host', { Origin: emrOrigin }, '/', 403],
      ['another path', good, '/api', 404],
    ];
    for (const [name, headers, requestPath, status] of cases) {
      const answer = await rawBridgeUpgrade(address, headers, requestPath);
      expect(answer.status, name).toBe(status);
      await answer.ended;
    }
    expect((await openBridge(address, null)).kind).toBe('refused');
    const plainHttp = await fetch(`http://127.0.0.1:${port}/`);
    expect(plainHttp.status).toBe(426);
    expect(plainHttp.headers.get('access-control-allow-origin')).toBeNull();
    await expectServing();
  });

  it('a connection that never finishes its upgrade request (slowloris) is cut off within seconds', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.once('close', () => resolve(Date.now() - started));
    });
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${emrOrigin}\r\n`);
    expect(await closed).toBeLessThan(15_000);
    await expectServing();
  });

  it('an unapproved origin learns nothing: every method but hello is origin-not-approved, whatever it is', async () => {
    const stranger = await openApprovedCandidate(address, strangerOrigin);
    for (const method of ['certs.list', 'sign.content', 'auth.login', 'admin.unlock', 'token.init']) {
      const answer = await stranger.rpc(method, { content: 'x', summary });
      expect(answer.error?.data, method).toEqual({ code: 'origin-not-approved' });
      // Nothing about the holder, the key or the certificate: no name, no DER, no key presence.
      expect(JSON.stringify(answer)).not.toMatch(/张三|MII|keyPresent|certificates/);
    }
    stranger.socket.close();
    await stranger.closed;
    await expectServing();
  });

  it('before approval: the 14-byte frame announcing 2^40 bytes, a 5 KiB message and malformed frames close that socket only', async () => {
    const before = await residentBytes(app.pid);
    for (const [name, frame] of Object.entries({
      ...malformedFrames,
      'over 4 KiB': bigFrameHeader(5 * 1024),
    })) {
      const stranger = await openWhenFree(strangerOrigin);
      const code = await closeCodeAfter(stranger, frame);
      expect([1002, 1007, 1009], name).toContain(code);
    }
    // The 2^40 frame is refused from its header: nothing is buffered.
    expect((await residentBytes(app.pid)) - before).toBeLessThan(32 * mebibyte);
    await expectServing();
  });

  it('answers malformed JSON-RPC with the standard errors and refuses anything PIN-like', async () => {
    const page = await openApprovedCandidate(address);
    expect((await page.raw('{"jsonrpc":"2.0",')).error?.code).toBe(-32700);
    expect((await page.raw('[{"jsonrpc":"2.0","id":1,"method":"yikey.hello"}]')).error?.code).toBe(-32600);
    expect((await page.raw('{"jsonrpc":"2.0","method":"yikey.hello"}')).error?.code).toBe(-32600);
    expect((await page.raw('{"jsonrpc":"2.0","id":{"x":1},"method":"yikey.hello"}')).error?.code).toBe(
      -32600,
    );
    expect((await page.rpc('pin.change', {})).error?.code).toBe(-32601);
    expect((await page.rpc('token.init', {})).error?.code).toBe(-32601);
    expect((await page.rpc('sign.content', { summary })).error).toMatchObject({
      code: -32602,
      data: { code: 'invalid-params' },
    });
    // A summary that would read differently on screen (a right-to-left override) is refused.
    const spoofed = { ...summary, patient: '李四\u202e' };
    expect((await page.rpc('sign.content', { content: 'x', summary: spoofed })).error?.data).toEqual({
      code: 'invalid-params',
    });
    const items = Array.from({ length: 501 }, () => ({ content: 'x', summary }));
    expect((await page.rpc('sign.batch', { items })).error?.data).toEqual({ code: 'invalid-params' });
    for (const params of [
      { content: 'x', summary, pin: '123456' },
      { content: 'x', summary: { ...summary, userPin: '123456' } },
      { nonce: 'a'.repeat(43), soPIN: '12345678' },
      { password: 'x' },
    ]) {
      const answer = await page.rpc('auth.login', params);
      expect(answer.error?.data, JSON.stringify(params)).toEqual({ code: 'pin-not-accepted' });
      expect(JSON.stringify(answer)).not.toContain('123456');
    }
    page.socket.close();
    await expectServing();
  });

  it('caps connections in the upgrade: 4 per origin, 8 for unapproved origins together, 16 in all', async () => {
    const open: BridgePage[] = [];
    for (let index = 0; index < 4; index++) open.push(await openWhenFree('https://cap.example'));
    expect(await openBridge(address, 'https://cap.example')).toMatchObject({ kind: 'refused', status: 503 });
    for (let index = 0; index < 4; index++) open.push(await openWhenFree('https://a.cap.example'));
    // Subdomains of one hostile site cannot take the slots the hospital's EMR needs.
    expect(await openBridge(address, 'https://b.cap.example')).toMatchObject({
      kind: 'refused',
      status: 503,
    });
    for (const origin of [emrOrigin, flooderOrigin])
      for (let index = 0; index < 4; index++) open.push(await openWhenFree(origin));
    expect(open).toHaveLength(16);
    expect(await openBridge(address, thirdOrigin)).toMatchObject({ kind: 'refused', status: 503 });
    await Promise.all(
      open.map((page) => {
        page.socket.close();
        return page.closed;
      }),
    );
    await expectServing();
  });

  it('a request flood is rate-limited, then disconnected; another approved origin is still served', async () => {
    const flooder = await openApprovedCandidate(address, flooderOrigin);
    const answers: Promise<unknown>[] = [];
    for (let index = 0; index < 260; index++) answers.push(flooder.rpc('yikey.hello').catch(() => 'closed'));
    expect(await flooder.closed).toBe(1008);
    const settled = await Promise.all(answers);
    const limited = settled.filter(
      (answer) => (answer as { error?: { data?: { code: string } } }).error?.data?.code === 'rate-limited',
    );
    expect(limited.length).toBeGreaterThan(0);
    await expectServing();
  });

  it('after approval a large record passes the size check (8 MiB limit), a bigger message closes the socket', async () => {
    const page = await openApprovedCandidate(address);
    // 1 MiB of text: accepted, reaches the consent (nobody answers, so it times out).
    const answer = await page.rpc('sign.content', { content: '病'.repeat(350_000), summary });
    expect(answer.error?.data).toEqual({ code: 'consent-timeout' });
    const code = await closeCodeAfter(page, bigFrameHeader(9 * mebibyte));
    expect(code).toBe(1009);
    await expectServing();
  });

  it('a refused first contact is not asked again (no pop-up storm); junk from many strangers leaves memory flat', async () => {
    const holder = await openHolderWindow(app);
    const popups = 'https://popups.example';
    const stranger = await openWhenFree(popups);
    const hello = stranger.rpc('yikey.hello');
    const question = await holder.nextRequest();
    expect(question).toMatchObject({ kind: 'first-contact', origin: popups });
    expect((await stranger.rpc('yikey.hello')).error?.data).toEqual({ code: 'busy' });
    await holder.decide(question.requestId, false);
    expect((await hello).error?.data).toEqual({ code: 'user-cancelled' });
    expect((await stranger.rpc('yikey.hello')).error?.data).toEqual({ code: 'origin-not-approved' });
    expect(holder.requests).toEqual([]);
    stranger.socket.close();

    const before = await residentBytes(app.pid);
    for (let round = 0; round < 30; round++) {
      const pages = await Promise.all(
        Array.from({ length: 4 }, () => openWhenFree(`https://s${round}.example`)),
      );
      await Promise.all(
        pages.map(async (page) => {
          await page.raw('x'.repeat(3_000)).catch(() => undefined);
          return closeCodeAfter(page, bigFrameHeader(2 ** 40));
        }),
      );
    }
    expect((await residentBytes(app.pid)) - before).toBeLessThan(32 * mebibyte);
    holder.close();
    await expectServing();
  });
});
