// The sign screen refuses a certificate outside its validity in the banner's words, and no
// signature is offered for download: a signature made with it would be invalid to everyone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, logIn, test } from './fixtures/holder-test';

test('signing with an expired certificate is refused with the banner words; nothing to download', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', expiredDaysAgo: 2 });
  const app = await startApp();
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, '出院小结.txt');
  writeFileSync(letter, '患者：李四\n');

  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByText('已过期', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '签名文件' }).click();
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles(letter);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  const item = page.getByTestId('sign-item');
  await expect(item).toContainText('该数字证书已过期，无法再用于签名。请联系本单位证书管理员申请证书续期。');
  await expect(item).not.toContainText('已签名');
  await expect(page.getByRole('button', { name: /^下载/ })).toHaveCount(0);
});

test('signing with a certificate that is not valid yet is refused', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', startsInDays: 3 });
  const app = await startApp();
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, 'record.txt');
  writeFileSync(letter, 'record\n');

  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '签名文件' }).click();
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles(letter);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByTestId('sign-item')).toContainText('该数字证书尚未生效，暂时不能用于签名。');
  await expect(page.getByRole('button', { name: /^下载/ })).toHaveCount(0);
});
