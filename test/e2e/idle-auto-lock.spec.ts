// Auto-lock: after the holder's auto-lock minutes without keyboard or mouse activity the app
// logs out of every key, clears PIN fields and says "已自动退出登录"; it warns before (即将自动退出登录). The renderer's idle timer uses
// the page's timers, so Playwright's page.clock fast-forwards it; no test-only setting exists.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settingsPathFor } from './fixtures/browser-mode-process';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('one idle minute logs out and clears the PIN fields; activity postpones it', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  mkdirSync(path.dirname(settingsPathFor(keys)), { recursive: true });
  writeFileSync(settingsPathFor(keys), JSON.stringify({ autoLockMinutes: 1 }));
  await page.clock.install();
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  // Start typing a PIN change, then keep the mouse busy: activity keeps the session.
  await page.getByRole('button', { name: '修改PIN码' }).click();
  await page.getByLabel('当前PIN码').fill('123456');
  // Half a minute before the lock (a one-minute lock warns at half time) the holder is warned;
  // moving the mouse takes the warning back.
  await page.clock.fastForward(45_000);
  const warning = page.getByRole('alertdialog', { name: '即将自动退出登录' });
  await expect(warning).toBeVisible();
  // It counts down from the deadline: warned at 30 s idle, now 45 s idle → 15 s left.
  await expect(warning).toContainText('15 秒后将自动退出所有USBKEY的登录');
  await page.clock.fastForward(5_000);
  await expect(warning).toContainText('10 秒后');
  await saveScreenshot(page, '41-idle-warning');
  await page.mouse.move(200, 300);
  await page.mouse.move(220, 310);
  await expect(warning).toBeHidden();
  await page.clock.fastForward(40_000);
  // Warned again; 继续使用 keeps the session (focus is on it, so Enter works too).
  await expect(warning).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('change-pin-screen')).toBeVisible();
  await expect(page.getByLabel('当前PIN码')).toHaveValue('123456');

  // Then nothing for a minute.
  await page.clock.fastForward(61_000);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('auto-locked')).toHaveText(/^已自动退出登录/);
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveValue('');
  await saveScreenshot(page, '40-auto-locked');

  // Logged out on the key itself, and the half-typed PIN change is gone after logging in again.
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await page.getByRole('button', { name: '修改PIN码' }).click();
  await expect(page.getByLabel('当前PIN码')).toHaveValue('');
});
