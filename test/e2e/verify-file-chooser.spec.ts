// 验证签名's file inputs speak the holder's language (选择文件 / 选择签名文件, never the
// browser's "Choose File"/"No file chosen"), each has a drop zone like the signing screen, and a
// document dropped together with its .p7s on one zone lands in both fields; OpenSSL made the
// signature, so the "valid" verdict is checked against an independent signer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, saveScreenshot, test } from './fixtures/holder-test';
import { openVerifyWithoutKey, verdictFiles } from './fixtures/verify-steps';

test('verify: Chinese file buttons, drop both files on one zone, verdict, then English words', async ({
  page,
  startApp,
}, testInfo) => {
  const dir = testInfo.outputDir;
  const { ca, issued } = verdictFiles(dir);
  const app = await startApp({ trustedCaPath: ca.certPath });
  await openVerifyWithoutKey(page, app.url);

  const fileZone = page.getByTestId('verify-file-zone');
  const signatureZone = page.getByTestId('verify-signature-zone');
  await expect(fileZone.locator('label.file-chooser-button')).toHaveText('选择文件');
  await expect(signatureZone.locator('label.file-chooser-button')).toHaveText('选择签名文件');
  await expect(fileZone).toContainText('或拖放到此处');
  // The native inputs are hidden: their browser-language words are nowhere to be seen.
  await expect(page.getByText(/Choose File|No file chosen/i)).toHaveCount(0);
  await expect(page.locator('input[type=file]').first()).not.toBeInViewport({ ratio: 0.5 });
  await expect(page.getByRole('button', { name: '验证', exact: true })).toBeDisabled();
  await saveScreenshot(page, 'verify-01-choosers');
  await expectNoAxeViolations(page, 'verify choosers');

  // Both files dropped on the document's zone, as a doctor drags them from a folder.
  const payload = [
    { name: '出院小结.txt.p7s', base64: readFileSync(issued.signature).toString('base64') },
    { name: '出院小结.txt', base64: readFileSync(issued.file).toString('base64') },
  ];
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const file of ${JSON.stringify(payload)}) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name));
    }
    return transfer;
  })()`);
  await fileZone.dispatchEvent('dragenter', { dataTransfer });
  await expect(fileZone).toHaveClass(/drop-zone-over/);
  await fileZone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('verify-file-zone-chosen')).toHaveText('已选择：出院小结.txt');
  await expect(page.getByTestId('verify-signature-zone-chosen')).toHaveText('已选择：出院小结.txt.p7s');
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('签名有效');
  await saveScreenshot(page, 'verify-02-dropped-valid');

  // Choosing another file takes the old verdict away: it was about the other file.
  const other = join(dir, '其他.txt');
  writeFileSync(other, '另一份\n');
  await page.getByLabel('原文件').setInputFiles(other);
  await expect(page.getByTestId('verify-file-zone-chosen')).toHaveText('已选择：其他.txt');
  await expect(page.getByTestId('verdict')).toHaveCount(0);

  await page.getByRole('combobox').first().selectOption('en');
  await expect(fileZone.locator('label.file-chooser-button')).toHaveText('Choose file');
  await expect(signatureZone.locator('label.file-chooser-button')).toHaveText('Choose signature file');
  await expect(page.getByTestId('verify-file-zone-chosen')).toHaveText('Chosen: 其他.txt');
  await saveScreenshot(page, 'verify-03-choosers-en');
  await expectNoAxeViolations(page, 'verify choosers (en)');
});
