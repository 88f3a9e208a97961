// A new key with a to-be-changed initial PIN: the activation screen comes first and nothing
// else is offered until the holder has set a PIN of their own; then the app logs in with it
// (the holder is not asked for the PIN they just chose).
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('activation of a new key: initial PIN must be changed before anything else', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'newkey', pinToBeChanged: true });
  const app = await startApp();
  await page.goto(app.url);

  await expect(page.getByTestId('activation-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '激活USBKEY' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByTestId('holder-name')).toHaveText('张三');
  await saveScreenshot(page, '10-activation');

  await page.getByLabel('初始PIN码').fill('123456');
  await page.getByLabel('新PIN码', { exact: true }).fill('Zs-7319');
  await page.getByLabel('再次输入新PIN码').fill('Zs-7319');
  await page.getByRole('button', { name: '修改PIN码并激活' }).click();

  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByTestId('activated-note')).toContainText('USBKEY已激活，已用新PIN码登录');
  // The key really is logged in with the new PIN: logging out and in again works with it.
  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await logIn(page, 'Zs-7319');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
});
