// 验证签名 gives three verdicts in words: valid (the signer chains to a trusted CA), intact but
// the signer not verified (a self-signed "张三" anyone could make, or no trusted CA at all), and
// invalid (the file changed). Signatures are made by OpenSSL. The key home stays empty, so the
// virtual module does not even initialise: verifying needs no USBKEY and no working module.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opensslCa, opensslSigner, opensslSignDetached } from '../helpers/openssl-signer';
import { expect, test } from './fixtures/holder-test';
import type { Page } from '@playwright/test';

async function verifyInUi(page: Page, file: string, signature: string): Promise<void> {
  await page.getByLabel('原文件').setInputFiles(file);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(signature);
  await page.getByRole('button', { name: '验证', exact: true }).click();
}

test('valid, intact but signer not verified, invalid — each in its own words', async ({
  page,
  startApp,
}, testInfo) => {
  const dir = testInfo.outputDir;
  mkdirSync(dir, { recursive: true });
  const ca = opensslCa(dir);
  const record = join(dir, '出院小结.txt');
  writeFileSync(record, '患者：李四\n诊断：高血压\n');
  const issued = opensslSignDetached(opensslSigner(dir, { commonName: '张三', ca }), record);
  const impostorRecord = join(dir, '出院小结-自签.txt');
  writeFileSync(impostorRecord, '患者：李四\n诊断：高血压\n');
  const impostor = opensslSignDetached(opensslSigner(dir, { commonName: '张三' }), impostorRecord);
  const changed = join(dir, '出院小结-改.txt');
  writeFileSync(changed, '患者：李四\n诊断：低血压\n');

  const app = await startApp({ trustedCaPath: ca.certPath });
  await page.goto(app.url);
  await page.getByRole('button', { name: '验证签名（无需USBKEY）' }).click();
  const verdict = page.getByTestId('verdict');

  await verifyInUi(page, record, issued);
  await expect(verdict).toContainText('✓ 签名有效');
  await expect(verdict).toContainText('签名人的证书由受信任的CA颁发');
  await expect(page.getByTestId('signing-time-claim')).toContainText('没有可信时间戳');

  await verifyInUi(page, impostorRecord, impostor);
  await expect(verdict).toContainText('签名完好，但签名人身份未经验证');
  await expect(verdict).not.toContainText('签名有效');
  await expect(page.getByTestId('verify-signer')).toHaveText('张三');
  await expect(page.getByTestId('verdict-why')).toHaveText(
    '文件自签名后未被修改，但签名人的证书不是由受信任的CA颁发的，无法确认签名人是谁。',
  );

  await verifyInUi(page, changed, issued);
  await expect(verdict).toContainText('✗ 签名无效');
  await expect(verdict).toContainText('文件内容在签名后被修改过');
});

test('without a trusted CA an intact signature is "not verified", and the holder is told why', async ({
  page,
  startApp,
}, testInfo) => {
  const dir = testInfo.outputDir;
  mkdirSync(dir, { recursive: true });
  const ca = opensslCa(dir);
  const record = join(dir, 'record.txt');
  writeFileSync(record, 'record\n');
  const issued = opensslSignDetached(opensslSigner(dir, { commonName: '张三', ca }), record);

  const app = await startApp();
  await page.goto(app.url);
  await page.getByRole('button', { name: '验证签名（无需USBKEY）' }).click();
  await verifyInUi(page, record, issued);
  await expect(page.getByTestId('verdict')).toContainText('签名完好，但签名人身份未经验证');
  await expect(page.getByTestId('verdict-why')).toContainText('尚未配置受信任的CA证书');
});
