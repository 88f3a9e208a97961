// Export says what it saved: the file name the browser received, and where to look for it.
// PEM and DER are explained in plain words one click away.
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('export PEM / DER → "已保存为 <file name>" with the name of the downloaded file; 这是什么？ explains PEM/DER', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', algorithm: 'p-256', commonName: '王五' });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  const card = page.locator('.certificate-card').first();
  const saved = card.getByTestId('export-saved');
  await expect(saved).toHaveText('');

  const jargon = card.getByTestId('export-jargon');
  await expect(jargon.getByText('二进制')).toBeHidden();
  await jargon.getByText('这是什么？').click();
  await expect(jargon).toContainText('PEM 和 DER 是同一张证书的两种文件格式，内容相同');
  await expect(jargon).toContainText('不含私钥');

  for (const button of ['导出PEM', '导出DER']) {
    const downloadPromise = page.waitForEvent('download');
    await card.getByRole('button', { name: button }).click();
    const download = await downloadPromise;
    const name = download.suggestedFilename();
    expect(name).toMatch(/^王五-/);
    await expect(saved).toHaveText(`已保存为 ${name}，请在浏览器的下载文件夹中查看。`);
    // Announced to a screen reader: the region was there, empty, before the text came.
    await expect(saved).toHaveAttribute('aria-live', 'polite');
  }
  await expectNoAxeViolations(page, 'export saved, PEM/DER explained');
  await saveScreenshot(page, 'certificate-export-saved');
});
