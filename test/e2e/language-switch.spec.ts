// Simplified Chinese by default; English on request, for every screen and for error texts.
import { expect, saveScreenshot, test } from './fixtures/holder-test';

test('language switch: zh-CN by default, English after switching, and back', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('PIN', { exact: true }).fill('999999');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong PIN');
  await saveScreenshot(page, '09-english');

  // English dates read day, short month, year: never the US 12/20/2026.
  await page.getByLabel('PIN', { exact: true }).fill('123456');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByTestId('certificate-validity').first()).toHaveText(
    /^\d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}$/,
  );
  await page.getByRole('button', { name: 'Show details' }).first().click();
  await saveScreenshot(page, '09-english-certificate');
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByTestId('logged-out')).toHaveText('Logged out. Enter your PIN to continue.');

  // The choice is kept by main: a reload comes back in English.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
});
