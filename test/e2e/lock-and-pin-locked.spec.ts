// The 退出登录 button (header) logs the holder out at once; a key whose PIN is locked explains that PIN
// unlock (PIN码解锁) is done by the CA and offers no PIN field.
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('退出登录 logs out; a locked PIN explains PIN unlock by the CA and asks for no PIN', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 2 });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('logged-out')).toHaveText('已退出登录。如需继续使用，请重新输入PIN码。');
  await saveScreenshot(page, '10-logged-out');

  await logIn(page, '000000');
  await expect(page.getByTestId('pin-status')).toContainText('仅剩最后一次机会');
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-locked')).toContainText('PIN码解锁须由证书服务机构（CA）办理');
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveCount(0);
  await saveScreenshot(page, '11-pin-locked');
});
