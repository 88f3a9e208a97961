// An SM2 holder with a dual pair (signing + encryption certificate on one key) signs a file in
// browser mode exactly as with RSA: only the signing certificate is offered, the .p7s verifies
// with OpenSSL alone (pkeyutl on e = SM3(Z ‖ signed attributes) from OpenSSL's SM3), and the
// UI's verifier says valid with the virtual key's SM2 CA trusted. The details name SM2 and SM3.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
} from '../helpers/openssl-sm2';
import { sm2CaCertificatePath } from '../helpers/vusbkey-sm2-ca';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('SM2 dual key: sign a file → OpenSSL pkeyutl verifies it; the UI says valid; details show SM2', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  const made = await keys.initKey({ label: 'sm2-doctor', algorithm: 'sm2', dual: true, days: 200 });
  const signingCertificate = made.certificate!.file;
  const app = await startApp({ trustedCaPath: sm2CaCertificatePath(keys.home) });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, '出院小结-SM2.txt');
  writeFileSync(letter, '患者：李四\n诊断：高血压\n医师：张三\n');

  await page.goto(app.url);
  await logIn(page, '123456');
  // Both certificates of the pair are listed; the details name SM2 and SM2-with-SM3, and the
  // chain to the trusted SM2 root is built with SM2 certificate signatures.
  // The encryption half says so on its card; the details name SM2 and SM2-with-SM3.
  await expect(page.getByTestId('certificate-purpose')).toHaveText(['加密证书（不能用于签名）']);
  await page.getByRole('button', { name: '查看详情' }).first().click();
  const fields = page.getByTestId('certificate-fields');
  await expect(fields.locator('.details-row', { hasText: '密钥算法' }).locator('dd')).toHaveText('SM2');
  await expect(fields).toContainText('SM2-with-SM3');
  await expect(page.getByTestId('certificate-chain').getByTestId('chain-status')).toHaveText('证书链可信');
  await saveScreenshot(page, 'sm2-00-details');
  await expectNoAxeViolations(page, 'SM2 dual pair, details open');
  await page.getByRole('button', { name: '签名文件' }).click();
  // The encryption certificate is not a choice: no signer list, just the one signing certificate.
  await expect(page.getByLabel('签名证书')).toHaveCount(0);
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles([letter]);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 1 / 1')).toBeVisible();
  await saveScreenshot(page, 'sm2-01-signed');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载 出院小结-SM2.txt.p7s' }).click();
  const signaturePath = join(testInfo.outputDir, '出院小结-SM2.txt.p7s');
  await (await downloadPromise).saveAs(signaturePath);
  const parts = opensslSignerInfoParts(new Uint8Array(readFileSync(signaturePath)));
  expect(parts.objects).toEqual(expect.arrayContaining(['sm3', 'SM2-with-SM3']));
  const e = opensslSm2E(opensslSm2PublicPoint(signingCertificate), parts.signedAttributes!);
  expect(opensslSm2VerifyE(testInfo.outputDir, signingCertificate, e, parts.signature).ok).toBe(true);
  const emptyIdE = opensslSm2E(opensslSm2PublicPoint(signingCertificate), parts.signedAttributes!, '');
  expect(opensslSm2VerifyE(testInfo.outputDir, signingCertificate, emptyIdE, parts.signature).ok).toBe(false);

  await page.getByRole('button', { name: '验证签名' }).click();
  await page.getByLabel('原文件').setInputFiles(letter);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(signaturePath);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名有效');
  await saveScreenshot(page, 'sm2-02-verified');

  const altered = join(testInfo.outputDir, '出院小结-SM2-改.txt');
  writeFileSync(altered, '患者：李四\n诊断：低血压\n医师：张三\n');
  await page.getByLabel('原文件').setInputFiles(altered);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名无效');
});
