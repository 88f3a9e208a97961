// Signing files in the UI produces detached CAdES signatures that OpenSSL accepts against the
// virtual key's CA, and the UI's own verifier names the signer and the signing time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opensslCmsVerify } from '../helpers/openssl';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('sign two files → each .p7s passes openssl cms -verify; verify in the UI shows the signer', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', days: 200 });
  // The virtual key's CA is trusted, so the verdict can be 签名有效 (valid needs a trusted signer).
  const app = await startApp({ trustedCaPath: keys.caPath });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, '出院小结.txt');
  const report = join(testInfo.outputDir, 'report.pdf');
  writeFileSync(letter, '患者：李四\n诊断：高血压\n医师：张三\n');
  writeFileSync(report, Buffer.from('%PDF-1.4\n% not a real PDF, bytes are bytes\n'));

  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '签名文件' }).click();
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles([letter, report]);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 2 / 2')).toBeVisible();
  await saveScreenshot(page, '07-signed');

  for (const [file, name] of [
    [letter, '出院小结.txt.p7s'],
    [report, 'report.pdf.p7s'],
  ] as const) {
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: `下载 ${name}` }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(name);
    const signature = join(testInfo.outputDir, name);
    await download.saveAs(signature);
    const verification = opensslCmsVerify({ content: file, signature, caFile: keys.caPath });
    expect(verification.output).toContain('Verification successful');
    expect(verification.ok).toBe(true);
  }

  await page.getByRole('button', { name: '验证签名' }).click();
  await page.getByLabel('原文件').setInputFiles(letter);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(join(testInfo.outputDir, '出院小结.txt.p7s'));
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名有效');
  await expect(page.getByTestId('verify-signer')).toHaveText('张三');
  await saveScreenshot(page, '08-verified');

  // The same signature over a changed file is refused, in plain words.
  const altered = join(testInfo.outputDir, '出院小结-改.txt');
  writeFileSync(altered, '患者：李四\n诊断：低血压\n医师：张三\n');
  await page.getByLabel('原文件').setInputFiles(altered);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名无效');
  await expect(page.getByTestId('verdict')).toContainText('文件内容在签名后被修改过');
});
