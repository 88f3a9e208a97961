// The certificate chain in the details view and in a signature's verdict. With the virtual key's
// test CA trusted (YIKEY_TRUSTED_CA, as the demo does) the chain 张三 → YiKey Test CA is trusted and
// a file signed in the UI verifies with a trusted chain. Without it the view says no trust is
// configured; adding the CA in the settings fixes that, while a holder certificate or a file with
// no certificate is refused with its reason and nothing is saved.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsPathFor } from './fixtures/browser-mode-process';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('trusted CA from YIKEY_TRUSTED_CA: 张三 → YiKey Test CA is trusted, and so is a signature made in the UI', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', days: 200, idNumber: '110101198503218727' });
  const app = await startApp({ trustedCaPath: keys.caPath });
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '查看详情' }).click();

  // Details in plain words: the ID number masked everywhere (its own row and every DN), key
  // usages in Chinese, and no rows for fields this certificate does not carry.
  const fields = page.getByTestId('certificate-fields');
  await expect(fields.locator('.details-row', { hasText: '证件号/工号' }).locator('dd')).toHaveText(
    '110101********8727',
  );
  await expect(fields).toContainText('SERIALNUMBER=110101********8727');
  await expect(page.locator('body')).not.toContainText('110101198503218727');
  await expect(fields.locator('.details-row', { hasText: '密钥用途' }).locator('dd')).toHaveText(
    '数字签名、不可否认',
  );
  await expect(fields.locator('.details-row', { hasText: '扩展用途' }).locator('dd')).toHaveText(
    '安全电子邮件、客户端身份验证',
  );
  for (const absent of ['部门', '电子邮箱', '曲线']) {
    await expect(fields.locator('dt', { hasText: absent })).toHaveCount(0);
  }
  await expect(fields).not.toContainText('无');
  // The open details use the full width of the certificate list.
  const gridBox = await page.locator('.card-grid').first().boundingBox();
  const cardBox = await page.locator('.certificate-card').first().boundingBox();
  expect(Math.abs((cardBox?.width ?? 0) - (gridBox?.width ?? -100))).toBeLessThan(2);

  const chain = page.getByTestId('certificate-chain');
  await expect(chain.getByRole('heading', { name: '证书链' })).toBeVisible();
  await expect(chain.getByTestId('chain-status')).toHaveText('证书链可信');
  await expect(chain).toContainText('可信：证书链最终由受信任的CA证书颁发');
  const elements = chain.getByTestId('chain-element');
  await expect(elements).toHaveCount(2);
  await expect(elements.nth(0)).toContainText('张三');
  await expect(elements.nth(0)).toContainText('您的证书');
  await expect(elements.nth(0)).toContainText('有效');
  await expect(elements.nth(1)).toContainText('YiKey Test CA');
  await expect(elements.nth(1)).toContainText('受信任的CA证书');
  // The chain reads the right way: 张三's certificate was issued by the CA listed below it.
  await expect(elements.nth(0).getByTestId('chain-issued-by')).toContainText('颁发者：YiKey Test CA');
  await expect(elements.nth(1).getByTestId('chain-issued-by')).toHaveCount(0);
  await expect(chain).not.toContainText('由下一级颁发');
  await expect(chain.getByTestId('chain-not-configured')).toHaveCount(0);
  await chain.scrollIntoViewIfNeeded();
  await saveScreenshot(page, '70-chain-trusted');

  mkdirSync(testInfo.outputDir, { recursive: true });
  const record = join(testInfo.outputDir, '病历.txt');
  writeFileSync(record, '患者：李四\n诊断：高血压\n');
  await page.getByRole('button', { name: '签名文件' }).click();
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles(record);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 1 / 1')).toBeVisible();
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载 病历.txt.p7s' }).click();
  const signature = join(testInfo.outputDir, '病历.txt.p7s');
  await (await downloadPromise).saveAs(signature);

  await page.getByRole('button', { name: '验证签名' }).click();
  await page.getByLabel('原文件').setInputFiles(record);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(signature);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('签名有效');
  await expect(verdict.getByTestId('chain-status')).toHaveText('证书链可信');
  await expect(verdict).toContainText('签名证书由受信任的证书服务机构颁发。');
  await saveScreenshot(page, '71-verified-chain-trusted');
});

test('no trust configured: 未配置信任; the CA added in the settings makes the chain trusted, bad files are refused', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 200 });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '查看详情' }).click();
  const chain = page.getByTestId('certificate-chain');
  await expect(chain.getByTestId('chain-status')).toHaveText('证书链不完整');
  await expect(chain.getByTestId('chain-not-configured')).toContainText('未配置信任');
  await expect(chain.getByTestId('chain-element')).toHaveCount(1);
  await chain.scrollIntoViewIfNeeded();
  await saveScreenshot(page, '72-chain-not-configured');

  await page.getByRole('button', { name: '设置' }).click();
  await page.getByText('高级（信息科）').click();
  const pathField = page.getByLabel('CA证书文件路径（PEM）');
  const save = page.getByRole('button', { name: '保存设置' });
  // A relative path is refused here already: it would depend on the working directory.
  await pathField.fill('ca.pem');
  await pathField.press('Enter');
  await expect(page.getByText('请输入CA证书文件的完整路径')).toBeVisible();
  await expect(page.getByTestId('trusted-ca-item')).toHaveCount(0);
  const notes = join(keys.home, 'notes.pem');
  writeFileSync(notes, 'not a certificate\n');
  const holderCertificate = join(keys.home, 'keys', 'doctor', 'cert.pem');
  for (const [file, reason] of [
    [holderCertificate, '该文件中的证书不是CA证书'],
    [notes, '该文件中没有PEM格式的证书'],
  ] as const) {
    await pathField.fill(file);
    // Enter adds the path to the list; it does not save the form.
    await pathField.press('Enter');
    await expect(page.getByTestId('trusted-ca-item')).toContainText(file);
    await save.click();
    // The refusal is explained in the trusted-CA part of the advanced section.
    const refusal = page.getByTestId('advanced-settings').getByRole('alert');
    await expect(refusal).toContainText(reason);
    await expect(refusal).toContainText(file);
    await expect(page.getByTestId('trusted-ca-item')).toContainText('未保存：此文件被拒绝');
    expect(existsSync(settingsPathFor(keys))).toBe(false);
    await saveScreenshot(page, `73-trusted-ca-refused-${file === notes ? 'no-pem' : 'not-ca'}`);
    await page.getByRole('button', { name: `移除 ${file}` }).click();
  }

  await pathField.fill(keys.caPath);
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await save.click();
  await expect(page.getByTestId('settings-saved')).toHaveText('设置已保存：受信任的CA证书。');
  await expect(page.getByTestId('trusted-ca-item')).toContainText('含证书：YiKey Test CA');
  expect(JSON.parse(readFileSync(settingsPathFor(keys), 'utf8'))).toMatchObject({
    trustedCaFiles: [keys.caPath],
  });
  await saveScreenshot(page, '74-trusted-ca-saved');

  await page.getByRole('button', { name: '我的证书' }).click();
  await page.getByRole('button', { name: '查看详情' }).click();
  await expect(chain.getByTestId('chain-status')).toHaveText('证书链可信');
  await expect(chain.getByTestId('chain-element').nth(1)).toContainText('YiKey Test CA');
});
