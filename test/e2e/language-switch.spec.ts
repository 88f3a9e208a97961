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

  // The choice is kept by main: a reload comes back in English.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
});
