// Browser mode is reachable only by the holder's own page: wrong Host headers (DNS
// rebinding), foreign Origins and wrong, missing or spent credentials are refused during the
// handshake, before any holder function runs (checked with a plain HTTP client and the ws
// client, like an attacker). In Chromium: the printed URL opens YiKey once, leaves no secret in
// the address bar or history, a reload keeps working, and closing the tab logs the key out.
import { request as httpRequest } from 'node:http';
import { launchSecretOf, openSocket } from '../helpers/browser-mode-client';
import { expect, logIn, test } from './fixtures/holder-test';

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

test('browser mode refuses wrong Host, foreign Origin and wrong or spent credentials; serves a strict CSP', async ({
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const secret = launchSecretOf(app.url);
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

  const server = { port: app.port, origin: ownOrigin };
  const launch = { kind: 'launch', value: secret } as const;
  expect(await openSocket(server, launch, { Host: 'evil.example' })).toEqual({
    kind: 'refused',
    status: 421,
  });
  expect(await openSocket({ ...server, origin: 'https://emr.example' }, launch)).toEqual({
    kind: 'refused',
    status: 403,
  });
  expect(await openSocket(server, { kind: 'launch', value: 'A'.repeat(43) })).toEqual({
    kind: 'refused',
    status: 401,
  });
  expect(await openSocket(server, { kind: 'session', value: secret })).toEqual({
    kind: 'refused',
    status: 401,
  });
  expect(await openSocket(server, null)).toEqual({ kind: 'refused', status: 401 });

  const welcomed = await openSocket(server, launch);
  expect(welcomed.kind).toBe('welcome');
  if (welcomed.kind === 'welcome') welcomed.socket.close();
  // Spent: the same secret a second time is refused.
  expect(await openSocket(server, launch)).toEqual({ kind: 'refused', status: 401 });
});

test('the printed URL opens YiKey once; a reload keeps working; a closed tab logs the key out', async ({
  page,
  context,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  // The secret is gone from the address bar and from the history entry.
  expect(page.url()).not.toContain('secret');
  expect(await page.evaluate('window.location.href')).not.toContain('secret');

  // A reload reconnects with the tab's session token and is still logged in.
  await page.reload();
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  // The same URL in another tab is refused: the secret was spent.
  const second = await context.newPage();
  await second.goto(app.url);
  await expect(second.getByRole('alert')).toContainText(
    '访问被拒绝：此网址已使用过或无效（每个网址只能打开一次）',
  );
  await second.close();

  // Every tab closed: after the grace period the key is logged out, so a new tab (with a new
  // URL from the running server) starts at the login screen.
  await page.close();
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const third = await context.newPage();
  await third.goto(await app.newUrl());
  await expect(third.getByTestId('login-screen')).toBeVisible();
  await third.close();
});
