// Two keys at once: each key has its own row with its login state and logout; plugging in a
// second key never swaps the logged-in key's screen for a login (nor leaves a key logged in out
// of sight); certificates are grouped under their key; only logged-in keys are offered to sign.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opensslCmsVerify } from '../helpers/openssl';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('two keys: own login state per key, no flip on insert, signers only from logged-in keys', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'alpha', days: 200, commonName: '张三' });
  await keys.initKey({ label: 'beta', days: 200, commonName: '李四', pin: '246810' });
  await keys.unplug('beta');
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByTestId('key-switcher')).toHaveCount(0);

  // A second key is plugged in while alpha is logged in: alpha's screen stays.
  await keys.plug('beta');
  const rows = page.getByTestId('key-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'alpha' }).getByTestId('key-state')).toHaveText('已登录');
  await expect(rows.filter({ hasText: 'beta' }).getByTestId('key-state')).toHaveText('未登录');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  // The header's button ends every login, and says so beside the per-key buttons.
  await expect(page.getByRole('button', { name: '全部退出登录', exact: true })).toBeVisible();
  // Both keys' certificates are public: each under its own key's name.
  const sections = page.getByTestId('key-certificates');
  await expect(sections).toHaveCount(2);
  await expect(
    sections.filter({ hasText: '李四' }).getByRole('heading', { name: /^beta（序列号/ }),
  ).toBeVisible();
  await saveScreenshot(page, '40-two-keys');

  // Only alpha is logged in: no choice of signer, and the signature is alpha's (OpenSSL checks it).
  mkdirSync(testInfo.outputDir, { recursive: true });
  const record = join(testInfo.outputDir, 'record.txt');
  writeFileSync(record, '病程记录\n');
  await page.getByRole('button', { name: '签名文件' }).click();
  await expect(page.getByLabel('签名证书')).toHaveCount(0);
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles([record]);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 1 / 1')).toBeVisible();
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载 record.txt.p7s' }).click();
  const signature = join(testInfo.outputDir, 'record.txt.p7s');
  await (await downloadPromise).saveAs(signature);
  expect(opensslCmsVerify({ content: record, signature, caFile: keys.caPath }).ok).toBe(true);

  // Switch to beta: its own login screen; log in; now both keys sign, named by key.
  await page.getByRole('button', { name: /^切换到此USBKEY：beta/ }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('holder-name')).toHaveText('李四');
  await logIn(page, '246810');
  await expect(rows.filter({ hasText: 'beta' }).getByTestId('key-state')).toHaveText('已登录');
  await page.getByRole('button', { name: '签名文件' }).click();
  const signer = page.getByLabel('签名证书');
  await expect(signer.locator('option')).toHaveCount(2);
  await expect(signer.locator('option', { hasText: 'beta' })).toContainText('李四');
  await saveScreenshot(page, '41-two-keys-signers');

  // Log out of beta alone: alpha stays logged in, and beta's certificate is no longer offered.
  await page.getByRole('button', { name: /^退出登录：beta/ }).click();
  await expect(rows.filter({ hasText: 'beta' }).getByTestId('key-state')).toHaveText('未登录');
  await expect(rows.filter({ hasText: 'alpha' }).getByTestId('key-state')).toHaveText('已登录');
  await page.getByRole('button', { name: /^切换到此USBKEY：alpha/ }).click();
  await page.getByRole('button', { name: '签名文件' }).click();
  await expect(page.getByTestId('sign-screen')).toBeVisible();
  await expect(page.getByLabel('签名证书')).toHaveCount(0);
});
