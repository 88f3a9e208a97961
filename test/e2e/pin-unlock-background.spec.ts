// PIN码解锁 followed in the background (issue 8): the holder asks for an unlock with the unit
// administrator's code and then leaves — the page is reloaded, so no window holds the code any
// more. YiKey kept the code in the OS keychain (a private gnome-keyring on a private D-Bus bus)
// and asks the backend by itself; when the unit approves in the console, the locked-PIN screen
// shows the new-PIN form without the holder pressing anything. New PIN → unlocked, logged in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import { approveInConsole, startRenewalBackend, type RenewalBackend } from './fixtures/renewal-backend';
import { startKeyringDaemon, type KeyringDaemon } from '../helpers/keyring-daemon';
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';

const newPin = '975310';
let backend: RenewalBackend | undefined;
let keyring: KeyringDaemon | undefined;
let keyringHome: string | undefined;
test.afterEach(async () => {
  await backend?.stop();
  await keyring?.stop();
  if (keyringHome) rmSync(keyringHome, { recursive: true, force: true });
  backend = undefined;
  keyring = undefined;
  keyringHome = undefined;
});

test('an unlock asked for, the window reloaded: the approval arrives by itself, new PIN, logged in', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 1, commonName: '张三' });
  backend = await startRenewalBackend(keys);
  keyringHome = mkdtempSync(path.join(tmpdir(), 'yikey-e2e-keyring-'));
  keyring = await startKeyringDaemon(keyringHome);
  const app = await startApp({
    ...backend.appOptions,
    environment: { ...backend.appOptions.environment, ...keyring.env },
  });
  await page.goto(app.url);
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-locked')).toBeVisible();

  const unit = await backend.consoleAs(browser, 'unit-admin');
  await unit
    .getByRole('row', { name: /张三/ })
    .getByRole('button', { name: /解锁授权码/ })
    .click();
  const reference = (await unit.locator('#reference').textContent())!.trim();
  const code = (await unit.locator('#code').textContent())!.trim();

  await page.getByRole('button', { name: '申请解锁' }).click();
  const form = page.getByTestId('unlock-form');
  await form.getByLabel('参考号').fill(reference);
  await form.getByLabel('授权码').fill(code);
  await form.getByLabel('授权码').press('Enter');
  await expect(page.getByTestId('unlock-waiting')).toContainText('等待本单位证书管理员审核');

  // The holder goes away: a fresh page of the app, which never saw the code.
  await page.goto(await app.newUrl());
  const waiting = page.getByTestId('unlock-waiting');
  await expect(waiting).toContainText('等待本单位证书管理员审核');
  await expectNoAxeViolations(page, 'unlock resumed after a reload');
  await saveScreenshot(page, 'unlock-background-resumed');

  await unit.getByRole('link', { name: /返回控制台/ }).click();
  await approveInConsole(unit, /PIN码解锁.*张三.*单位审核/);

  // Nobody presses anything in YiKey: the background round learns of the approval.
  const newPinForm = page.getByTestId('unlock-new-pin');
  await expect(newPinForm).toContainText('已批准，请设置新的PIN码');
  await expect(newPinForm.getByLabel('授权码')).toHaveCount(0);
  await saveScreenshot(page, 'unlock-background-approved');
  await newPinForm.getByLabel('新PIN码', { exact: true }).fill(newPin);
  await newPinForm.getByLabel('再次输入新PIN码').fill(newPin);
  await newPinForm.getByLabel('再次输入新PIN码').press('Enter');

  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  expect(backend.requests().find((request) => request.kind === 'unlock')?.stage).toBe('done');
  expect(pkcs11ToolLogsIn(keys, newPin)).toBe(true);
});
