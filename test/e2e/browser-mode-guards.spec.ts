// Browser mode is reachable only by the holder's own page: wrong Host headers (DNS
// rebinding), foreign Origins and wrong or missing launch secrets are refused before any
// holder function runs. Checked with a plain HTTP client and the ws client, like an attacker.
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { expect, test } from './fixtures/holder-test';

function httpStatus(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/', headers: { Host: host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

type SocketOutcome =
  { kind: 'refused'; status: number } | { kind: 'closed'; code: number } | { kind: 'welcome' };

function trySocket(
  port: number,
  headers: Record<string, string>,
  secret: string | null,
  padding = '',
): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    socket.on('unexpected-response', (_request, response) =>
      resolve({ kind: 'refused', status: response.statusCode ?? 0 }),
    );
    socket.on('error', () => undefined);
    socket.on('open', () => {
      if (secret !== null) socket.send(JSON.stringify({ kind: 'hello', secret, padding }));
      else socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'tokens:list', input: {} }));
    });
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).kind === 'welcome') resolve({ kind: 'welcome' });
      socket.close();
    });
    socket.on('close', (code) => resolve({ kind: 'closed', code }));
  });
}

test('browser mode refuses wrong Host, foreign Origin and wrong secret; serves a strict CSP', async ({
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const secret = new URL(app.url).hash.replace('#secret=', '');
  const ownOrigin = `http://127.0.0.1:${app.port}`;
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

  expect(await httpStatus(app.port, `127.0.0.1:${app.port}`)).toBe(200);
  expect(await httpStatus(app.port, `evil.example:${app.port}`)).toBe(421);

  const page = await fetch(`${ownOrigin}/`);
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(page.headers.get('x-frame-options')).toBe('DENY');

  const host = `127.0.0.1:${app.port}`;
  expect(await trySocket(app.port, { Host: 'evil.example', Origin: ownOrigin }, secret)).toEqual({
    kind: 'refused',
    status: 421,
  });
  expect(await trySocket(app.port, { Host: host, Origin: 'https://emr.example' }, secret)).toEqual({
    kind: 'refused',
    status: 403,
  });
  expect(await trySocket(app.port, { Host: host }, secret)).toEqual({ kind: 'refused', status: 403 });
  expect(await trySocket(app.port, { Host: host, Origin: ownOrigin }, 'A'.repeat(43))).toEqual({
    kind: 'closed',
    code: 4401,
  });
  expect(await trySocket(app.port, { Host: host, Origin: ownOrigin }, null)).toEqual({
    kind: 'closed',
    code: 4401,
  });
  // A big frame before the hello is refused without being parsed, even if it holds the secret.
  expect(await trySocket(app.port, { Host: host, Origin: ownOrigin }, secret, 'x'.repeat(4096))).toEqual({
    kind: 'closed',
    code: 4401,
  });
  expect(await trySocket(app.port, { Host: host, Origin: ownOrigin }, secret)).toEqual({ kind: 'welcome' });
});
