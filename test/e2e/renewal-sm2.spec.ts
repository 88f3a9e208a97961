// Renewal of an SM2 certificate in the holder's app (renewui's screens) against the reference
// backend with its SM2 CA: 申请续期, the unit and the information centre approve in the console,
// YiKey installs by itself-polled 待安装 → 安装续期证书. pkcs11-tool reads the new key's flags; the
// installed certificate's SM2-with-SM3 signature is checked with `openssl pkeyutl` on e from
// OpenSSL's SM3 (default ID), never with OpenSSL's or Node's empty-ID defaults.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import { approveInConsole, startRenewalBackend, type RenewalBackend } from './fixtures/renewal-backend';
import { opensslSm2CertificateSignatureOk } from '../helpers/openssl-certificate-parts';
import { pkcs11Tool } from '../helpers/renewal-fixture';

const pin = '123456';
let renewal: RenewalBackend | undefined;
test.afterEach(async () => {
  await renewal?.stop();
  renewal = undefined;
});

test('an SM2 holder renews in YiKey: the SM2 CA issues an SM2/SM3 certificate for a new SM2 key', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  await keys.initKey({ label: 'gm', days: 20, commonName: '王五', algorithm: 'sm2', vendor: 'longmai' });
  renewal = await startRenewalBackend(keys, { caAlgorithm: 'sm2' });
  const app = await startApp(renewal.appOptions);
  await page.goto(app.url);
  await logIn(page, pin);
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  await page.getByTestId('renewal-banner').getByRole('button', { name: '申请续期' }).click();
  await page.getByTestId('renewal-confirm').getByRole('button', { name: '确认申请续期' }).click();
  await expect(page.getByTestId('renewal-banner').getByTestId('renewal-open')).toContainText(
    '续期申请已提交',
  );
  await page.getByTestId('renewal-banner').getByRole('button', { name: '查看我的申请' }).click();
  const card = page.getByTestId('request-card').first();
  await expect(card.getByTestId('request-progress')).toHaveText('单位审核');

  await approveInConsole(await renewal.consoleAs(browser, 'unit-admin'), /续期.*王五.*单位审核/);
  await approveInConsole(await renewal.consoleAs(browser, 'centre'), /续期.*王五.*信息中心审批/);
  await expect(card.getByTestId('request-progress')).toHaveText('待安装');
  await card.getByRole('button', { name: '安装续期证书' }).click();
  await expect(page.getByTestId('request-done')).toContainText('新证书已安装');
  await expectNoAxeViolations(page, 'SM2 renewal installed');
  await saveScreenshot(page, 'renewal-sm2-completed');

  const login = ['--token-label', 'gm', '--login', '--pin', pin];
  const privateKeys = pkcs11Tool(keys, [...login, '--list-objects', '--type', 'privkey']);
  expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
  expect(privateKeys).toMatch(/Access:.*sensitive.*never extractable/);
  const keyId = /ID:\s+([0-9a-f]+)/.exec(privateKeys)![1]!;
  const certificateFile = path.join(renewal.data, 'installed-sm2.der');
  pkcs11Tool(keys, [
    ...['--token-label', 'gm', '--read-object', '--type', 'cert', '--id', keyId],
    ...['--output-file', certificateFile],
  ]);
  const der = readFileSync(certificateFile);
  const text = spawnSync('openssl', ['x509', '-inform', 'DER', '-in', certificateFile, '-noout', '-text'], {
    encoding: 'utf8',
  }).stdout;
  expect(text).toMatch(/Signature Algorithm: SM2-with-SM3/);
  expect(text).toMatch(/ASN1 OID: SM2/);
  expect(opensslSm2CertificateSignatureOk(renewal.data, der, renewal.caPath)).toBe(true);
});
