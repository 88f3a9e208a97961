// 验证签名 states each verdict with its reason in the heading, every check with 通过 / 未通过 in
// words (what a screen reader reads), and never a green chain badge inside a failed verdict.
// Signatures are made by OpenSSL; the key home stays empty, so no USBKEY is involved.
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, saveScreenshot, test } from './fixtures/holder-test';
import { openVerifyWithoutKey, signedFile, verdictFiles, verifyInUi } from './fixtures/verify-steps';

/** Each point's visible words, in order: what a screen reader reads as well. */
async function pointResults(page: Page): Promise<string[]> {
  const points = page.getByTestId('verdict-point');
  await expect(points).toHaveCount(3);
  return (await points.locator('.verdict-point-result').allTextContents()).map((text) =>
    text.replace(/^[✓✗–]\s*/, ''),
  );
}

test('each verdict: reason in the heading, 通过/未通过 per point, no green chain badge when it failed', async ({
  page,
  startApp,
}, testInfo) => {
  const { ca, issued, impostor, changed } = verdictFiles(testInfo.outputDir);

  const app = await startApp({ trustedCaPath: ca.certPath });
  await openVerifyWithoutKey(page, app.url);
  // The jargon has a plain explanation one click away.
  const jargon = page.getByTestId('verify-jargon');
  await expect(jargon.getByText('CAdES')).toBeHidden();
  await jargon.getByText('这是什么？').click();
  await expect(jargon).toContainText('签名文件（扩展名 .p7s）与原文件分开保存');
  await expect(jargon).toContainText('CAdES 格式');
  const verdict = page.getByTestId('verdict');
  const chainBadge = verdict.getByTestId('chain-status');

  await verifyInUi(page, issued.file, issued.signature);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    '✓ 签名有效：文件自签名后未被修改，签名人的证书由受信任的CA颁发，签名时在有效期内。',
  );
  expect(await pointResults(page)).toEqual(['通过', '通过', '通过']);
  await expect(chainBadge).toHaveClass(/badge-valid/);
  await expectNoAxeViolations(page, 'verdict valid, jargon open');
  await saveScreenshot(page, 'verify-verdict-valid');

  await verifyInUi(page, impostor.file, impostor.signature);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    '! 签名完好，但签名人身份未经验证：签名人的证书不是由受信任的CA颁发的',
  );
  expect(await pointResults(page)).toEqual(['通过', '通过', '未通过']);
  await expect(chainBadge).toHaveText('证书链不可信');
  await expect(chainBadge).not.toHaveClass(/badge-valid/);
  await expectNoAxeViolations(page, 'verdict not verified');
  await saveScreenshot(page, 'verify-verdict-not-verified');

  // The file changed, but the signer is genuine: the chain holds, the verdict does not.
  await verifyInUi(page, changed, issued.signature);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    '✗ 签名无效：文件内容在签名后被修改过，或者不是被签名的那个文件',
  );
  expect(await pointResults(page)).toEqual(['未通过', '通过', '通过']);
  await expect(chainBadge).toHaveText('证书链可信');
  await expect(chainBadge).not.toHaveClass(/badge-valid/);
  await expectNoAxeViolations(page, 'verdict invalid');
  await saveScreenshot(page, 'verify-verdict-invalid');
});

test('without a trusted CA: the heading says so, and the chain point reads 未检查', async ({
  page,
  startApp,
}, testInfo) => {
  const { file, signature } = signedFile(testInfo.outputDir, 'record.txt', 'record\n', {
    commonName: '张三',
  });

  const app = await startApp();
  await openVerifyWithoutKey(page, app.url);
  await verifyInUi(page, file, signature);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    '! 签名完好，但签名人身份未经验证：尚未配置受信任的CA证书',
  );
  expect(await pointResults(page)).toEqual(['通过', '通过', '未检查']);
  await expect(page.getByTestId('chain-status')).not.toHaveClass(/badge-valid/);
  await saveScreenshot(page, 'verify-verdict-no-trust');
});

test('plugging in a USBKEY while a result is shown keeps the result; 返回 then leads to the login', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  const { file, signature } = signedFile(testInfo.outputDir, 'record.txt', 'record\n', {
    commonName: '李四',
  });
  await keys.initKey({ label: 'doctor' });
  await keys.unplug('doctor');
  // What the app hears from its core: proof that it has seen the key before we look.
  const frames: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string') frames.push(frame.payload);
    }),
  );
  const app = await startApp();
  await openVerifyWithoutKey(page, app.url);
  await verifyInUi(page, file, signature);
  await expect(page.getByTestId('verify-signer')).toHaveText('李四');
  expect(frames.some((frame) => frame.includes('"doctor"'))).toBe(false);

  await keys.plug('doctor');
  await expect.poll(() => frames.some((frame) => frame.includes('"doctor"')), { timeout: 10_000 }).toBe(true);
  // Give React a moment past the update that used to reset the page.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await expect(page.getByTestId('verify-screen')).toBeVisible();
  await expect(page.getByTestId('verify-signer')).toHaveText('李四');
  await expect(page.getByRole('heading', { level: 2 })).toContainText('签名完好，但签名人身份未经验证');
  await saveScreenshot(page, 'verify-result-kept-after-key-inserted');

  await page.getByRole('button', { name: '← 返回' }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('holder-name')).toHaveText('张三');
  await saveScreenshot(page, 'verify-login-with-verify-link');
  // And back again: verification stays reachable while the key is in, before the PIN.
  await page.getByRole('button', { name: '验证签名（无需PIN码）' }).click();
  await expect(page.getByTestId('verify-screen')).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('button', { name: '验证签名' })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('in English the heading carries the verdict and reason too, and the points say Passed / Failed', async ({
  page,
  startApp,
}, testInfo) => {
  const { ca, issued, changed } = verdictFiles(testInfo.outputDir);

  const app = await startApp({ trustedCaPath: ca.certPath });
  await page.goto(app.url);
  await page.getByRole('combobox').first().selectOption('en');
  await page.getByRole('button', { name: 'Verify a signature (no USBKEY needed)' }).click();
  await page.getByLabel('File', { exact: true }).setInputFiles(changed);
  await page.getByLabel('Signature (.p7s)').setInputFiles(issued.signature);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(
    '✗ Signature NOT valid: the file was changed after signing, or it is not the file that was signed',
  );
  expect(await pointResults(page)).toEqual(['Failed', 'Passed', 'Passed']);
  await expect(page.getByTestId('chain-status')).not.toHaveClass(/badge-valid/);
  await page.getByTestId('verify-jargon').getByText('What is this?').click();
  await expect(page.getByTestId('verify-jargon')).toContainText('It uses CAdES');
  await expectNoAxeViolations(page, 'verdict invalid (en)');
  await saveScreenshot(page, 'verify-verdict-invalid-en');
});
