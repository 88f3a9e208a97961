// 验证签名 gives three verdicts in words: valid (the signer chains to a trusted CA), intact but
// the signer not verified (a self-signed "张三" anyone could make, or no trusted CA at all), and
// invalid (the file changed). Signatures are made by OpenSSL. The key home stays empty, so the
// virtual module does not even initialise: verifying needs no USBKEY and no working module.
import { expect, test } from './fixtures/holder-test';
import { openVerifyWithoutKey, verdictFiles, verifyInUi } from './fixtures/verify-steps';

test('valid, intact but signer not verified, invalid — each in its own words', async ({
  page,
  startApp,
}, testInfo) => {
  const { ca, issued, impostor, changed } = verdictFiles(testInfo.outputDir);

  const app = await startApp({ trustedCaPath: ca.certPath });
  await openVerifyWithoutKey(page, app.url);
  const verdict = page.getByTestId('verdict');

  await verifyInUi(page, issued.file, issued.signature);
  await expect(verdict).toContainText('✓ 签名有效');
  await expect(verdict).toContainText('签名人的证书由受信任的CA颁发');
  await expect(page.getByTestId('signing-time-claim')).toContainText('没有可信时间戳');

  await verifyInUi(page, impostor.file, impostor.signature);
  await expect(verdict).toContainText('签名完好，但签名人身份未经验证');
  await expect(verdict).not.toContainText('签名有效');
  await expect(page.getByTestId('verify-signer')).toHaveText('张三');
  await expect(page.getByTestId('verdict-why')).toHaveText(
    '文件自签名后未被修改，但签名人的证书不是由受信任的CA颁发的，无法确认签名人是谁。',
  );

  await verifyInUi(page, changed, issued.signature);
  await expect(verdict).toContainText('✗ 签名无效');
  await expect(verdict).toContainText('文件内容在签名后被修改过');
});

test('without a trusted CA an intact signature is "not verified", and the holder is told why', async ({
  page,
  startApp,
}, testInfo) => {
  const { issued } = verdictFiles(testInfo.outputDir);

  const app = await startApp();
  await openVerifyWithoutKey(page, app.url);
  await verifyInUi(page, issued.file, issued.signature);
  await expect(page.getByTestId('verdict')).toContainText('签名完好，但签名人身份未经验证');
  await expect(page.getByTestId('verdict-why')).toContainText('尚未配置受信任的CA证书');
});
