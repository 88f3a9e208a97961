// Pulling the key out at any moment: the no-key screen appears within a second, a typed PIN
// is gone, and after re-insertion the holder can log in again without restarting anything.
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('unplug → no-key screen within 1 s, typed PIN cleared; re-plug → login works again', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'nurse' });
  const app = await startApp();
  await page.goto(app.url);

  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  // Logged in: removal locks the app.
  await keys.unplug('nurse');
  await expect(page.getByTestId('no-key-screen')).toBeVisible({ timeout: 1_000 });
  await saveScreenshot(page, '05-unplugged');

  await keys.plug('nurse');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  // A PIN typed but not submitted must not survive a removal.
  await page.getByLabel('PIN码', { exact: true }).fill('123456');
  await keys.unplug('nurse');
  await expect(page.getByTestId('no-key-screen')).toBeVisible({ timeout: 1_000 });
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveCount(0);

  await keys.plug('nurse');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveValue('');
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '张三' })).toBeVisible();
});
