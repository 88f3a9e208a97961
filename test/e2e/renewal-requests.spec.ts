// Renewal (续期) end to end in the holder's app against the reference provincial backend: the
// holder asks from the renewal banner, the unit administrator and the information centre act in
// the backend's console (other pages of the same browser), and YiKey follows by itself
// (background polling) until 安装续期证书. pkcs11-tool and OpenSSL check what ends up on the key.
// Also: a rejection with its reason and 重新提交, a renewal the unit started, and 撤回.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import {
  approveInConsole,
  reviewRow,
  startRenewalBackend,
  type RenewalBackend,
} from './fixtures/renewal-backend';
import { pkcs11Tool } from '../helpers/renewal-fixture';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

const pin = '123456';
let renewal: RenewalBackend | undefined;
test.afterEach(async () => {
  await renewal?.stop();
  renewal = undefined;
});

/** A logged-in holder of an expiring certificate (张三, 20 days left), with the backend running. */
async function holderWithExpiringCertificate(
  page: Page,
  keys: VirtualKeyHome,
  startApp: (options?: RenewalBackend['appOptions']) => Promise<{ url: string }>,
): Promise<RenewalBackend> {
  await keys.initKey({ label: 'doctor', days: 20, commonName: '张三' });
  renewal = await startRenewalBackend(keys);
  const app = await startApp(renewal.appOptions);
  await page.goto(app.url);
  await logIn(page, pin);
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  return renewal;
}

/** 申请续期 → the confirmation → submitted; ends on 我的申请. */
async function requestRenewal(page: Page, screenshots?: string): Promise<void> {
  const banner = page.getByTestId('renewal-banner');
  await banner.getByRole('button', { name: '申请续期' }).click();
  const confirm = page.getByTestId('renewal-confirm');
  await expect(confirm).toContainText('生成一对新密钥');
  await expect(confirm).toContainText('在新证书安装之前，您现有的证书照常可用');
  if (screenshots) {
    await expectNoAxeViolations(page, 'renewal confirmation');
    await saveScreenshot(page, `${screenshots}-confirm`);
  }
  await confirm.getByRole('button', { name: '确认申请续期' }).click();
  await expect(banner.getByTestId('renewal-open')).toContainText('续期申请已提交');
  if (screenshots) await saveScreenshot(page, `${screenshots}-submitted`);
  await banner.getByRole('button', { name: '查看我的申请' }).click();
  await expect(page.getByTestId('requests-screen')).toBeVisible();
}

const card = (page: Page) => page.getByTestId('request-card').first();

test('a holder renews: unit and information centre approve in the console, YiKey installs, 有效 for a year', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { data, caPath, consoleAs } = await holderWithExpiringCertificate(page, keys, startApp);
  await requestRenewal(page, 'renewal');
  await expect(card(page).getByTestId('request-progress')).toHaveText('单位审核');
  await expect(card(page)).toContainText('等待本单位证书管理员审核');
  await expect(card(page).locator('[aria-current="step"]')).toContainText('单位审核');
  await expectNoAxeViolations(page, 'my requests, unit review');
  await saveScreenshot(page, 'renewal-my-requests-unit-review');

  const unit = await consoleAs(browser, 'unit-admin');
  await approveInConsole(unit, /续期.*张三.*单位审核/);
  const centre = await consoleAs(browser, 'centre');
  await approveInConsole(centre, /续期.*张三.*信息中心审批/);

  // Nobody clicks in YiKey: its background polling sees the certificate and says so.
  await expect(page.getByTestId('request-notice')).toContainText('新证书已可安装');
  await expect(card(page).getByTestId('request-progress')).toHaveText('待安装');
  await expectNoAxeViolations(page, 'my requests, ready to install');
  await saveScreenshot(page, 'renewal-ready-to-install');
  await card(page).getByRole('button', { name: '安装续期证书' }).click();
  await expect(page.getByTestId('request-done')).toContainText('新证书已安装');
  await expect(card(page).getByTestId('request-progress')).toHaveText('已完成');
  await saveScreenshot(page, 'renewal-completed');

  await page.getByRole('navigation').getByRole('button', { name: '我的证书' }).click();
  await expect(page.getByTestId('renewal-banner')).toHaveCount(0);
  await expect(page.getByTestId('expiry-badge')).toHaveText(['有效']);
  const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  await expect(page.getByTestId('certificate-validity')).toContainText(
    `至 ${nextYear.getFullYear()}年${nextYear.getMonth() + 1}月`,
  );
  await saveScreenshot(page, 'renewal-certificate-valid');

  // An independent tool reads the key: one private key, never extractable; one certificate,
  // issued by the backend's CA (openssl verify), for a year.
  const login = ['--token-label', 'doctor', '--login', '--pin', pin];
  const privateKeys = pkcs11Tool(keys, [...login, '--list-objects', '--type', 'privkey']);
  expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
  expect(privateKeys).toMatch(/Access:.*sensitive.*never extractable/);
  const certificates = pkcs11Tool(keys, [...login, '--list-objects', '--type', 'cert']);
  expect(certificates.match(/Certificate Object/g)).toHaveLength(1);
  const keyId = /ID:\s+([0-9a-f]+)/.exec(privateKeys)![1]!;
  const certificateFile = path.join(data, 'installed.der');
  pkcs11Tool(keys, [
    '--token-label',
    'doctor',
    '--read-object',
    '--type',
    'cert',
    '--id',
    keyId,
    '--output-file',
    certificateFile,
  ]);
  const pem = path.join(data, 'installed.pem');
  spawnSync('openssl', ['x509', '-inform', 'DER', '-in', certificateFile, '-out', pem]);
  const verify = spawnSync('openssl', ['verify', '-CAfile', caPath, pem], { encoding: 'utf8' });
  expect(verify.stdout.trim()).toBe(`${pem}: OK`);
  const ends = spawnSync('openssl', ['x509', '-in', pem, '-noout', '-enddate'], { encoding: 'utf8' }).stdout;
  expect(ends).toContain(String(nextYear.getUTCFullYear()));
  expect(renewal!.requests().find((request) => request.kind === 'renew')?.stage).toBe('done');
});

test('a rejection shows the reviewer’s reason and can be submitted again', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { consoleAs } = await holderWithExpiringCertificate(page, keys, startApp);
  await requestRenewal(page);
  const unit = await consoleAs(browser, 'unit-admin');
  const row = reviewRow(unit, /续期.*张三.*单位审核/);
  await expect.poll(async () => (await unit.reload(), row.count())).toBe(1);
  await row.getByLabel(/驳回理由/).fill('身份证明材料不全，请补交');
  await row.getByRole('button', { name: /驳回/ }).click();
  await expect(unit.getByRole('status')).toContainText('已驳回');

  await expect(page.getByTestId('request-notice')).toContainText('续期申请被驳回');
  await expect(card(page).getByTestId('request-progress')).toHaveText('已驳回');
  await expect(card(page).getByTestId('request-reason')).toHaveText('驳回理由：身份证明材料不全，请补交');
  await expectNoAxeViolations(page, 'my requests, rejected');
  await saveScreenshot(page, 'renewal-rejected');

  await card(page).getByRole('button', { name: '重新提交' }).click();
  await expect(page.getByTestId('request-card')).toHaveCount(2);
  await expect(card(page).getByTestId('request-progress')).toHaveText('单位审核');
  // The rejected one stays in the list, with its reason, and is not offered again.
  const older = page.getByTestId('request-card').nth(1);
  await expect(older.getByTestId('request-reason')).toContainText('身份证明材料不全');
  await expect(older.getByRole('button', { name: '重新提交' })).toHaveCount(0);
  await saveScreenshot(page, 'renewal-resubmitted');
  expect(renewal!.requests().map((request) => request.stage)).toEqual(
    expect.arrayContaining(['rejected', 'unit-review']),
  );
});

test('the unit starts the renewal in the console; YiKey offers 安装续期证书 and installs', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { consoleAs } = await holderWithExpiringCertificate(page, keys, startApp);
  const unit = await consoleAs(browser, 'unit-admin');
  await unit.getByRole('checkbox', { name: '张三' }).check();
  await unit.getByRole('button', { name: /为所选持有人申请续期/ }).click();
  await expect(unit.getByRole('status')).toContainText('已为所选持有人申请续期');
  const centre = await consoleAs(browser, 'centre');
  await approveInConsole(centre, /续期.*单位发起.*张三.*信息中心审批/);

  await page.getByRole('navigation').getByRole('button', { name: '我的申请' }).click();
  const offer = page.getByTestId('renewal-offer');
  await expect(offer).toContainText('单位已为您申请证书续期');
  await expectNoAxeViolations(page, 'my requests with a unit offer');
  await saveScreenshot(page, 'renewal-unit-offer');
  await offer.getByRole('button', { name: '安装续期证书' }).click();
  await expect(page.getByTestId('request-done')).toContainText('新证书已安装');
  await expect(offer).toHaveCount(0);
  await expect(card(page).getByTestId('request-progress')).toHaveText('已完成');
  await page.getByRole('navigation').getByRole('button', { name: '我的证书' }).click();
  await expect(page.getByTestId('expiry-badge')).toHaveText(['有效']);
  expect(renewal!.requests().find((request) => request.kind === 'renew')?.stage).toBe('done');
});

test('撤回: the holder withdraws a request under review; the backend records it', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { consoleAs } = await holderWithExpiringCertificate(page, keys, startApp);
  // Keyboard only: each confirmation takes the focus on its main button, so Enter goes on.
  await page.getByRole('button', { name: '申请续期' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '确认申请续期' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '查看我的申请' }).focus();
  await page.keyboard.press('Enter');
  await card(page).getByRole('button', { name: '撤回申请' }).focus();
  await page.keyboard.press('Enter');
  await expect(card(page)).toContainText('确定撤回这份续期申请吗');
  await expect(card(page).getByRole('button', { name: '确定撤回' })).toBeFocused();
  await expectNoAxeViolations(page, 'withdraw confirmation');
  await saveScreenshot(page, 'renewal-withdraw-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('request-done')).toHaveText('申请已撤回。');
  await expect(card(page).getByTestId('request-progress')).toHaveText('已撤回');
  await expect(card(page).getByRole('button', { name: '重新提交' })).toBeVisible();
  await saveScreenshot(page, 'renewal-withdrawn');
  expect(renewal!.requests().find((request) => request.kind === 'renew')?.stage).toBe('withdrawn');
  const unit = await consoleAs(browser, 'unit-admin');
  await expect(unit.getByRole('row', { name: /续期.*张三.*已撤回/ })).toHaveCount(1);
  // The unused new key pair was removed: the key holds only the current one.
  const privateKeys = pkcs11Tool(keys, [
    '--token-label',
    'doctor',
    '--login',
    '--pin',
    pin,
    '--list-objects',
    '--type',
    'privkey',
  ]);
  expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
});
