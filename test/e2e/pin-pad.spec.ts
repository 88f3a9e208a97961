// A key in a reader with a PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH): the app asks for no PIN,
// tells the holder to type it on the reader while C_Login waits, and the login works.
import { expect, saveScreenshot, test } from './fixtures/holder-test';

test('PIN pad: no PIN field, "请在读卡器上输入PIN码", login works', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'padded', pinPad: true });
  // The holder takes a moment to type on the pad: C_Login is slowed so the prompt can be seen.
  await keys.setLatency('padded', { op: 'C_Login', ms: 1_500 });
  const app = await startApp();
  await page.goto(app.url);

  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByText('点击“登录”后，请在读卡器上输入PIN码')).toBeVisible();

  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('status')).toHaveText('请在读卡器上输入PIN码…');
  await saveScreenshot(page, '50-pin-pad-waiting');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '张三' })).toBeVisible();
  // The key really is logged in: the Lock button (shown only then) logs it out again.
  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
});
