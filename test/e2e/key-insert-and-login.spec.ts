// A holder inserts the key: the app shows who it belongs to and that the certificate is
// expiring; a wrong PIN says how many tries are left; the right PIN logs in.
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('insert key → holder name and expiring badge; wrong PIN → tries left; right PIN → logged in', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 20, maxTries: 3 });
  await keys.unplug('doctor');
  const app = await startApp();
  await page.goto(app.url);

  await expect(page.getByTestId('no-key-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '请插入USBKEY' })).toBeVisible();
  await expect(page.getByText(keys.modulePath)).toBeVisible();
  // The secret leaves the address bar as soon as the page has read it.
  expect(page.url()).not.toContain('secret');
  await saveScreenshot(page, '01-no-key');

  await keys.plug('doctor');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('holder-name')).toHaveText('张三');
  await expect(page.getByText('doctor', { exact: true })).toBeVisible();
  await saveScreenshot(page, '02-login');

  // PKCS#11 tokens report "count low" and "final try", not a number: the words follow the flags.
  await logIn(page, '654321');
  // After one wrong try (2 of 3 left) the key only says a wrong PIN is on record: one message says so.
  await expect(page.getByRole('alert')).toContainText('PIN码错误。此前已有输错记录，多次输错将锁定USBKEY');
  await expect(page.getByText('剩余输入机会不多')).toHaveCount(0);
  await expect(page.getByText(/此前已有(PIN码)?输错记录/)).toHaveCount(1);
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveValue('');
  // Words only: the code is for the support desk, behind a closed 详细信息 toggle.
  await expect(page.getByRole('alert')).not.toContainText('pin-incorrect');
  await expect(page.getByRole('alert')).not.toContainText('[');
  const details = page.getByTestId('error-details');
  await expect(details.getByText('pin-incorrect')).toBeHidden();
  await details.getByText('详细信息').click();
  await expect(details.getByText('pin-incorrect')).toBeVisible();
  await saveScreenshot(page, '02-wrong-pin-details');
  await logIn(page, '654321');
  await expect(page.getByTestId('pin-status')).toContainText('仅剩最后一次机会');
  await expect(page.getByRole('alert')).toContainText('PIN码错误');
  await saveScreenshot(page, '03-final-try');

  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  const badge = page.getByTestId('expiry-badge').first();
  await expect(badge).toHaveText(/^即将过期·(19|20)天$/);
  await expect(page.getByTestId('renewal-banner')).toContainText('须申请证书续期');
  await expect(page.getByRole('heading', { name: '张三' })).toBeVisible();
  // Dates in Chinese order and words, not 2026/12/20.
  await expect(page.getByTestId('certificate-validity').first()).toHaveText(
    /^\d{4}年\d{1,2}月\d{1,2}日 至 \d{4}年\d{1,2}月\d{1,2}日$/,
  );
  await page.getByRole('button', { name: '查看详情' }).first().click();
  await expect(page.getByText('SHA-256指纹')).toBeVisible();
  await saveScreenshot(page, '04-certificates');
});
