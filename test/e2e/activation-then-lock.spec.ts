// After an activation the "activated" note belongs to that one session: a later lock must say it
// was a lock, or the holder, told "activated, log in with your new PIN", wonders what happened.
import { expect, logIn, test } from './fixtures/holder-test';

test('activate, log in, lock → the lock message shows, not the activation one', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'newkey', pinToBeChanged: true });
  const app = await startApp();
  await page.goto(app.url);

  await page.getByLabel('初始PIN码').fill('123456');
  await page.getByLabel('新PIN码', { exact: true }).fill('Zs-7319');
  await page.getByLabel('再次输入新PIN码').fill('Zs-7319');
  await page.getByRole('button', { name: '修改PIN码并激活' }).click();
  await expect(page.getByTestId('activated-note')).toBeVisible();
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await page.getByRole('button', { name: '退出登录', exact: true }).click();

  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('logged-out')).toHaveText('已退出登录。如需继续使用，请重新输入PIN码。');
  await expect(page.getByText('USBKEY已激活。请使用新PIN码登录。')).toHaveCount(0);
  await expect(page.getByTestId('just-activated')).toHaveCount(0);
  await logIn(page, 'Zs-7319');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByTestId('activated-note')).toHaveCount(0);
});
