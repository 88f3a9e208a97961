// One size rule for every file handed to the app, with one clear message: a 70 MiB file is
// refused on 验证签名 and on 签名文件 before it is read, and the app keeps working afterwards.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, logIn, test } from './fixtures/holder-test';

const sizeMessage = '文件太大，无法签名或验证：每个文件不能超过';

test('a 70 MiB file gets the size message on both transfer screens; the app still works', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp({ trustedCaPath: keys.caPath });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const huge = join(testInfo.outputDir, 'scan.pdf');
  writeFileSync(huge, '');
  truncateSync(huge, 70 * 1024 * 1024);
  const small = join(testInfo.outputDir, 'note.txt');
  writeFileSync(small, '门诊记录\n');

  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '签名文件' }).click();
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles([huge, small]);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByTestId('sign-item').first()).toContainText(sizeMessage);
  // The next file is still signed: the rule refused one file, nothing else.
  await expect(page.getByTestId('sign-item').nth(1)).toContainText('已签名');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载 note.txt.p7s' }).click();
  const signature = join(testInfo.outputDir, 'note.txt.p7s');
  await (await download).saveAs(signature);

  await page.getByRole('button', { name: '验证签名' }).click();
  await page.getByLabel('原文件').setInputFiles(huge);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(signature);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(sizeMessage);
  await expect(page.getByTestId('verdict')).toHaveCount(0);

  // Still connected and working: the small file verifies.
  await page.getByLabel('原文件').setInputFiles(small);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名有效');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
