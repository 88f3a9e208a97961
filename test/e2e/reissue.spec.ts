// 补办 (re-issue) end to end in the holder's app against the reference provincial backend: the
// holder lost the key that held their certificate and logs in to a new, activated key with no
// certificate; the unit administrator issues a re-issue reference number and authorisation code
// in the console (another page of the same browser); the holder asks with them — a malformed
// reference and a wrong code are refused first, plainly, and the holder retries; the unit and the
// information centre approve in the console; YiKey follows by itself (background polling, the
// code kept in the keychain: a private gnome-keyring on a private D-Bus bus) until 安装证书; the
// certificate is shown 有效 for a year. pkcs11-tool reads one private key, never extractable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import type { Browser, Page } from '@playwright/test';
import { expect, logIn, saveScreenshot, test, type HolderFixtures } from './fixtures/holder-test';
import { approveInConsole, startRenewalBackend, type RenewalBackend } from './fixtures/renewal-backend';
import { startKeyringDaemon, type KeyringDaemon } from '../helpers/keyring-daemon';
import { pkcs11Tool } from '../helpers/renewal-fixture';
import { listTokenObjects } from '../helpers/pkcs11-tool';

const pin = '123456';
let backend: RenewalBackend | undefined;
let keyring: KeyringDaemon | undefined;
let keyringHome: string | undefined;
test.afterEach(async () => {
  await backend?.stop();
  await keyring?.stop();
  if (keyringHome) rmSync(keyringHome, { recursive: true, force: true });
  backend = undefined;
  keyring = undefined;
  keyringHome = undefined;
});

test('a lost key: 补办证书 on a new key with the unit’s code, approvals in the console, installed, 有效 for a year', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  await keys.initKey({ label: 'lost', commonName: '张三' });
  await keys.initKey({ label: 'spare', certificate: false });
  backend = await startRenewalBackend(keys);
  await keys.unplug('lost');
  keyringHome = mkdtempSync(path.join(tmpdir(), 'yikey-e2e-keyring-'));
  keyring = await startKeyringDaemon(keyringHome);
  const app = await startApp({
    ...backend.appOptions,
    environment: { ...backend.appOptions.environment, ...keyring.env },
  });
  await page.goto(app.url);
  await logIn(page, pin);
  const bare = page.getByTestId('key-without-certificate');
  await expect(bare).toContainText('这把USBKEY中还没有数字证书');

  const unit = await backend.consoleAs(browser, 'unit-admin');
  await unit
    .getByRole('row', { name: /张三/ })
    .getByRole('button', { name: /补办授权码/ })
    .click();
  const reference = (await unit.locator('#reference').textContent())!.trim();
  const code = (await unit.locator('#code').textContent())!.trim();

  // Keyboard only: 补办证书 opens the explanation and the two fields.
  await bare.getByRole('button', { name: '补办证书' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('reissue-form');
  await expect(form).toContainText('本单位证书管理员');
  await expect(form).toContainText('生成一对新密钥');
  await expectNoAxeViolations(page, 're-issue form');
  await saveScreenshot(page, 'reissue-form');

  await form.getByLabel('参考号').fill('12ab');
  await form.getByLabel('授权码').fill(code);
  await form.getByRole('button', { name: '提交补办申请' }).click();
  await expect(form.getByRole('alert')).toContainText('参考号是1到20位数字');
  await form.getByLabel('参考号').fill(reference);
  await form.getByLabel('授权码').fill('WRONGWRONG22');
  await form.getByRole('button', { name: '提交补办申请' }).click();
  await expect(form.getByRole('alert')).toContainText('参考号或授权码不对');
  await expectNoAxeViolations(page, 're-issue wrong code');
  await saveScreenshot(page, 'reissue-wrong-code');
  expect(backend.requests().filter((request) => request.kind === 'reissue')).toEqual([]);
  expect(pkcs11Tool(keys, ['--login', '--pin', pin, '--list-objects', '--type', 'privkey'])).not.toContain(
    'Private Key Object',
  );

  await form.getByLabel('授权码').fill(code);
  await form.getByLabel('授权码').press('Enter');
  const sent = page.getByTestId('reissue-sent');
  await expect(sent).toContainText('补办申请已提交');
  await expect(sent).toContainText('授权码已安全保存在系统钥匙串中');
  await expectNoAxeViolations(page, 're-issue submitted');
  await saveScreenshot(page, 'reissue-submitted');
  await sent.getByRole('button', { name: '查看我的申请' }).click();
  const card = page.getByTestId('request-card').filter({ hasText: '补办证书' });
  await expect(card.getByTestId('request-progress')).toHaveText('单位审核');

  // Back from the code page (shown once) to the review table.
  await unit.getByRole('link', { name: /返回控制台/ }).click();
  await approveInConsole(unit, /补办.*张三.*单位审核/);
  const centre = await backend.consoleAs(browser, 'centre');
  await approveInConsole(centre, /补办.*张三.*信息中心审批/);

  // Nobody types the code again: the background polling has it from the keychain.
  await expect(page.getByTestId('request-notice')).toContainText('补办的证书已可安装');
  await expect(card.getByTestId('request-progress')).toHaveText('待安装');
  await expectNoAxeViolations(page, 'my requests, re-issue ready to install');
  await saveScreenshot(page, 'reissue-ready-to-install');
  await card.getByRole('button', { name: '安装证书' }).click();
  await expect(card.getByTestId('request-progress')).toHaveText('已完成');
  await expect(card.getByTestId('request-next')).toHaveText('补办的证书已安装，可以正常使用。');
  expect(backend.requests().find((request) => request.kind === 'reissue')?.stage).toBe('done');

  await page.getByRole('navigation').getByRole('button', { name: '我的证书' }).click();
  await expect(page.getByTestId('key-without-certificate')).toHaveCount(0);
  await expect(page.getByTestId('expiry-badge')).toHaveText(['有效']);
  const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  await expect(page.getByTestId('certificate-validity')).toContainText(
    `至 ${nextYear.getFullYear()}年${nextYear.getMonth() + 1}月`,
  );
  await saveScreenshot(page, 'reissue-certificate-valid');

  const privateKeys = pkcs11Tool(keys, ['--login', '--pin', pin, '--list-objects', '--type', 'privkey']);
  expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
  expect(privateKeys).toMatch(/never extractable/);
});

/**
 * The lost key's certificate, a spare key with none, the backend, and YiKey started with no D-Bus
 * session bus (keytar reaches no keychain); the holder submits a re-issue with the unit's code and
 * is told the code was not kept. Returns the unit's console page and the reference and code.
 */
async function reissueWithoutKeychain({
  page,
  keys,
  startApp,
  browser,
}: Pick<HolderFixtures, 'keys' | 'startApp'> & { page: Page; browser: Browser }) {
  await keys.initKey({ label: 'lost', commonName: '张三' });
  await keys.initKey({ label: 'spare', certificate: false });
  backend = await startRenewalBackend(keys);
  await keys.unplug('lost');
  const app = await startApp({
    ...backend.appOptions,
    environment: { ...backend.appOptions.environment, DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' },
  });
  await page.goto(app.url);
  await logIn(page, pin);

  const unit = await backend.consoleAs(browser, 'unit-admin');
  await unit
    .getByRole('row', { name: /张三/ })
    .getByRole('button', { name: /补办授权码/ })
    .click();
  const reference = (await unit.locator('#reference').textContent())!.trim();
  const code = (await unit.locator('#code').textContent())!.trim();

  await page.getByTestId('key-without-certificate').getByRole('button', { name: '补办证书' }).click();
  const form = page.getByTestId('reissue-form');
  await form.getByLabel('参考号').fill(reference);
  await form.getByLabel('授权码').fill(code);
  await form.getByLabel('授权码').press('Enter');
  const sent = page.getByTestId('reissue-sent');
  await expect(sent).toContainText('本机没有可用的系统钥匙串');
  await sent.getByRole('button', { name: '查看我的申请' }).click();
  return { unit, reference, code };
}

test('no system keychain: YiKey says so, and the code typed again in 我的申请 takes the re-issue to the end', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { unit, reference, code } = await reissueWithoutKeychain({ page, keys, startApp, browser });
  await unit.getByRole('link', { name: /返回控制台/ }).click();
  await approveInConsole(unit, /补办.*张三.*单位审核/);
  const centre = await backend!.consoleAs(browser, 'centre');
  await approveInConsole(centre, /补办.*张三.*信息中心审批/);

  // The background round cannot ask without the code: the card asks for it.
  const card = page.getByTestId('request-card').filter({ hasText: '补办证书' });
  const prompt = card.getByTestId('reissue-code-prompt');
  await expect(prompt).toContainText(`参考号 ${reference}`);
  await expectNoAxeViolations(page, 're-issue code asked again');
  await saveScreenshot(page, 'reissue-code-again');
  await prompt.getByLabel('授权码').fill(code);
  await prompt.getByLabel('授权码').press('Enter');
  // 继续 with the code takes it all the way: install, certConf (签收).
  await expect(card.getByTestId('request-progress')).toHaveText('已完成');
  expect(backend!.requests().find((request) => request.kind === 'reissue')?.stage).toBe('done');
});

test('no system keychain: 撤回 asks for the code, the backend records the withdrawal, the new key pair is gone', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { reference, code } = await reissueWithoutKeychain({ page, keys, startApp, browser });
  expect(listTokenObjects(keys, 'spare', pin, 'privkey')).toMatch(/Private Key Object/);

  const card = page.getByTestId('request-card').filter({ hasText: '补办证书' });
  await expect(card.getByTestId('request-progress')).toHaveText('单位审核');
  await card.getByRole('button', { name: '撤回申请' }).click();
  await card.getByRole('group', { name: '撤回申请' }).getByRole('button', { name: '确定撤回' }).click();
  // No keychain kept the code and the withdrawal is MAC-protected with it: the card asks for it.
  const prompt = card.getByTestId('withdraw-code-prompt');
  await expect(prompt).toContainText(`参考号 ${reference}`);
  await expect(prompt.getByLabel('授权码')).toHaveAttribute('type', 'password');
  await expect(prompt.getByLabel('授权码')).toBeFocused();
  // One code field in the card: the prompt to continue the request steps aside meanwhile.
  await expect(card.getByTestId('reissue-code-prompt')).toHaveCount(0);
  await expectNoAxeViolations(page, 're-issue withdrawal code');
  await saveScreenshot(page, 'reissue-withdraw-code');
  await prompt.getByLabel('授权码').fill(code);
  await prompt.getByLabel('授权码').press('Enter');

  await expect(card.getByTestId('request-progress')).toHaveText('已撤回');
  await expect(page.getByTestId('request-done')).toHaveText('申请已撤回。');
  await expect(prompt).toHaveCount(0);
  expect(backend!.requests().find((request) => request.kind === 'reissue')?.stage).toBe('withdrawn');
  // pkcs11-tool, not YiKey, says the request's key pair left the spare key with it.
  expect(listTokenObjects(keys, 'spare', pin, 'privkey')).not.toMatch(/Private Key Object/);
});
