// Before the PIN the holder sees the key's certificates: name, unit, status badge, the end date
// in their language and the renewal banner; an expired certificate looks expired, not valid.
import { expect, saveScreenshot, test } from './fixtures/holder-test';

test('the login screen shows an expiring certificate with its date and the renewal banner', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 20 });
  const app = await startApp();
  await page.goto(app.url);
  const summary = page.getByTestId('login-certificates');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(summary).toContainText('张三 · 某某市第一人民医院');
  await expect(summary.getByTestId('expiry-badge')).toHaveText(/^即将过期·(19|20)天$/);
  await expect(summary).toContainText(/有效期至 \d{4}年\d{1,2}月\d{1,2}日/);
  await expect(summary.getByTestId('renewal-banner')).toContainText('须申请证书续期');
  await expect(page.getByLabel('PIN码', { exact: true })).toBeEmpty();
  await saveScreenshot(page, '80-login-certificate-expiring');
});

test('an expired certificate is shown as expired before the PIN', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'doctor', expiredDaysAgo: 3 });
  const app = await startApp();
  await page.goto(app.url);
  const summary = page.getByTestId('login-certificates');
  await expect(summary.getByTestId('expiry-badge')).toHaveText('已过期');
  await expect(summary.getByRole('alert')).toContainText('已过期，无法再用于签名');
  await saveScreenshot(page, '81-login-certificate-expired');
});
