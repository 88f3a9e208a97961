// 申请注销 and 申请变更信息 from 我的申请, end to end against the reference provincial backend:
// the holder fills the form and confirms, the unit administrator and the information centre
// approve in the backend's console (other pages of the same browser), YiKey follows, and
// independent tools check the outcome: pkcs11-tool sees the key gone, `openssl crl` reads the
// serial on the backend's CRL. Also the forms' own checks, keyboard-only, both languages.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import { approveInConsole, startRenewalBackend, type RenewalBackend } from './fixtures/renewal-backend';
import { pkcs11Tool } from '../helpers/pkcs11-tool';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

const pin = '123456';
let backend: RenewalBackend | undefined;
let app: { stop(): Promise<void> } | undefined;
// The app writes its request journal inside the backend's work folder: it stops first, so
// removing that folder never races a journal write (the fixture's own stop comes later).
test.afterEach(async () => {
  await app?.stop();
  await backend?.stop();
  app = undefined;
  backend = undefined;
});

/** A logged-in holder (张三, a year left), the backend running, on 我的申请. */
async function holderOnMyRequests(
  page: Page,
  keys: VirtualKeyHome,
  startApp: (options?: RenewalBackend['appOptions']) => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<RenewalBackend> {
  await keys.initKey({ label: 'doctor', days: 365, commonName: '张三' });
  backend = await startRenewalBackend(keys);
  const started = await startApp(backend.appOptions);
  app = started;
  await page.goto(started.url);
  await logIn(page, pin);
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: '我的申请' }).click();
  await expect(page.getByTestId('certificate-request-actions')).toBeVisible();
  return backend;
}

const card = (page: Page) => page.getByTestId('request-card').first();

function certificateSerial(keys: VirtualKeyHome): string {
  const file = path.join(keys.home, 'keys', 'doctor', 'cert.pem');
  const read = spawnSync('openssl', ['x509', '-in', file, '-noout', '-serial'], { encoding: 'utf8' });
  return /serial=([0-9A-F]+)/i.exec(read.stdout)![1]!.toUpperCase();
}

/** The backend's CRL as `openssl crl` reads it. */
async function crlText(origin: string, folder: string): Promise<string> {
  const file = path.join(folder, `crl-${Date.now()}.der`);
  writeFileSync(file, Buffer.from(await (await fetch(`${origin}/crl`)).arrayBuffer()));
  const read = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text'], {
    encoding: 'utf8',
  });
  expect(read.status, read.stderr).toBe(0);
  return read.stdout.toUpperCase();
}

test('申请注销 for 离职: unit and centre approve, the card says 已完成, the key is gone and the serial is on the CRL', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { consoleAs, backend: server, data } = await holderOnMyRequests(page, keys, startApp);
  const serial = certificateSerial(keys);

  // Keyboard only, from the action to the confirmation.
  await page.getByRole('button', { name: '申请注销' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('revoke-form');
  await expect(form.getByTestId('revoke-lost-key')).toHaveText(
    '钥匙丢失时无法在此申请：请联系单位证书管理员在管理台注销',
  );
  await expect(form.getByTestId('revoke-warning')).toContainText('证书一旦注销就不能撤销');
  await expect(form.getByTestId('revoke-warning')).toContainText('将无法再签名');
  await expect(form.getByRole('radio')).toHaveCount(5);
  // Going on without a reason says so next to the choices.
  await form.getByRole('button', { name: '下一步' }).focus();
  await page.keyboard.press('Enter');
  await expect(form.getByRole('alert')).toHaveText('请选择注销原因。');
  await form.getByRole('radio', { name: '离职' }).focus();
  await page.keyboard.press('Space');
  await expect(form.getByRole('radio', { name: '离职' })).toBeChecked();
  await expectNoAxeViolations(page, 'revocation form');
  await saveScreenshot(page, 'revoke-form');
  await form.getByRole('button', { name: '下一步' }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByTestId('revoke-confirm');
  await expect(confirm).toContainText('注销原因：离职');
  await expect(confirm).toContainText('此操作无法撤销');
  // Enter alone never revokes: the focus is on 返回修改.
  await expect(confirm.getByRole('button', { name: '返回修改' })).toBeFocused();
  await expectNoAxeViolations(page, 'revocation confirmation');
  await saveScreenshot(page, 'revoke-confirm');
  await confirm.getByRole('button', { name: '确认注销' }).focus();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('form-submitted')).toContainText('注销申请已提交');
  await expect(card(page)).toContainText('证书注销');
  await expect(card(page).getByTestId('request-progress')).toHaveText('单位审核');
  // While it is under way the certificate offers no second change or revocation.
  await expect(page.getByTestId('certificate-request-under-way')).toContainText('证书注销申请在办理中');
  await expect(page.getByRole('button', { name: '申请注销' })).toHaveCount(0);
  await saveScreenshot(page, 'revoke-unit-review');
  // Under review nothing is revoked yet: the key still signs, the CRL does not list it.
  expect(await crlText(server.origin, data)).not.toContain(serial);

  const unit = await consoleAs(browser, 'unit-admin');
  await approveInConsole(unit, /注销.*张三.*单位审核/);
  const centre = await consoleAs(browser, 'centre');
  await approveInConsole(centre, /注销.*张三.*信息中心审批/);

  await page.getByRole('button', { name: '刷新状态' }).click();
  await expect(card(page).getByTestId('request-progress')).toHaveText('已完成');
  // A revocation's path has no 制证 or 待安装: nothing is issued.
  await expect(card(page).getByRole('list', { name: '办理进度' }).getByRole('listitem')).toHaveText([
    /已提交/,
    /单位审核/,
    /信息中心审批/,
    /已完成/,
  ]);
  await expect(card(page).getByTestId('request-next')).toHaveText(
    '证书已注销，密钥已从USBKEY中删除，不能再用于签名。',
  );
  // YiKey's own notice (background polling) names the revocation, and nothing more is offered for it.
  await expect(page.getByTestId('request-notice')).toContainText('证书已注销');
  await expect(page.getByTestId('certificate-request-actions')).toHaveCount(0);
  await expectNoAxeViolations(page, 'revocation completed');
  await saveScreenshot(page, 'revoke-completed');

  const crl = await crlText(server.origin, data);
  expect(crl).toContain(serial);
  expect(crl).toMatch(/CESSATION OF OPERATION/);
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
  expect(privateKeys).not.toMatch(/Private Key Object/);
  expect(backend!.requests().find((request) => request.kind === 'revoke')?.stage).toBe('done');

  // English second: the same card in the holder's other language.
  await page.getByLabel('语言').selectOption('en');
  await expect(card(page).getByTestId('request-progress')).toHaveText('Completed');
  await expect(card(page).getByTestId('request-next')).toContainText('no longer signs');
  await saveScreenshot(page, 'revoke-completed-en');
});

test('申请变更信息: the form checks each field in place; a new department is approved and installed', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  const { consoleAs, data } = await holderOnMyRequests(page, keys, startApp);
  await page.getByRole('button', { name: '申请变更信息' }).click();
  const form = page.getByTestId('change-form');

  // Nothing filled in: one line says what is missing.
  await form.getByRole('button', { name: '下一步' }).click();
  await expect(form.getByRole('alert')).toHaveText('请至少填写一项需要变更的信息。');
  // A malformed ID number and the name already on the certificate: each problem by its field.
  await form.getByLabel('新身份证号').fill('12345');
  await form.getByLabel('新姓名').fill('张三');
  await form.getByRole('button', { name: '下一步' }).click();
  await expect(form.getByLabel('新身份证号')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('新身份证号')).toHaveAccessibleDescription(/前17位是数字/);
  await expect(form.getByLabel('新姓名')).toHaveAccessibleDescription(/无需变更/);
  await expectNoAxeViolations(page, 'change form with problems');
  await saveScreenshot(page, 'change-form-problems');

  // English second: the same problems in the other language.
  await page.getByLabel('语言').selectOption('en');
  await expect(form.getByLabel('New ID card number')).toHaveAccessibleDescription(/17 digits/);
  await saveScreenshot(page, 'change-form-problems-en');
  await page.getByLabel('Language').selectOption('zh-CN');

  await form.getByLabel('新身份证号').fill('');
  await form.getByLabel('新姓名').fill('');
  await form.getByLabel('新科室').fill('心内科');
  await form.getByRole('button', { name: '下一步' }).click();
  const confirm = page.getByTestId('change-confirm');
  await expect(confirm.getByTestId('change-summary')).toHaveText('新科室：心内科');
  await expect(confirm).toContainText('生成一对新密钥');
  await expect(confirm).toContainText('核对您的证明材料');
  await expect(confirm).toContainText('在新证书安装之前，您现有的证书照常可用');
  await expect(confirm.getByRole('button', { name: '确认提交变更申请' })).toBeFocused();
  await expectNoAxeViolations(page, 'change confirmation');
  await saveScreenshot(page, 'change-confirm');
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('form-submitted')).toContainText('变更申请已提交');
  await expect(card(page)).toContainText('证书信息变更');
  await expect(card(page).getByTestId('request-progress')).toHaveText('单位审核');
  await saveScreenshot(page, 'change-unit-review');
  expect(backend!.requests().find((request) => request.kind === 'change')?.stage).toBe('unit-review');

  const unit = await consoleAs(browser, 'unit-admin');
  await approveInConsole(unit, /变更.*张三.*单位审核/);
  const centre = await consoleAs(browser, 'centre');
  await approveInConsole(centre, /变更.*张三.*信息中心审批/);
  // YiKey's background polling sees the certificate; the card says what to do in its own words.
  await expect(card(page).getByTestId('request-progress')).toHaveText('待安装');
  await expect(card(page).getByTestId('request-next')).toContainText('安装新证书');
  await card(page).getByRole('button', { name: '安装新证书' }).click();
  await expect(page.getByTestId('request-done')).toContainText('新证书已安装');
  await expect(card(page).getByTestId('request-progress')).toHaveText('已完成');
  await expect(page.getByTestId('form-submitted')).toHaveCount(0);
  await saveScreenshot(page, 'change-completed');

  // OpenSSL reads the certificate now on the key (via pkcs11-tool): the new department, with
  // the one private key (the new one) beside it.
  const login = ['--token-label', 'doctor', '--login', '--pin', pin];
  const privateKeys = pkcs11Tool(keys, [...login, '--list-objects', '--type', 'privkey']);
  expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
  const keyId = /ID:\s+([0-9a-f]+)/.exec(privateKeys)![1]!;
  const certificateFile = path.join(data, 'changed.der');
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
  const subject = spawnSync(
    'openssl',
    [
      'x509',
      '-inform',
      'DER',
      '-in',
      certificateFile,
      '-noout',
      '-subject',
      '-nameopt',
      'utf8,sep_comma_plus',
    ],
    { encoding: 'utf8' },
  );
  expect(subject.stdout).toContain('OU=心内科');
  expect(subject.stdout).toContain('CN=张三');
});

test('in English, a leaked key is revoked at once: no review, KEY COMPROMISE on the CRL, the key gone', async ({
  page,
  keys,
  startApp,
}) => {
  const { backend: server, data } = await holderOnMyRequests(page, keys, startApp);
  const serial = certificateSerial(keys);
  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('button', { name: 'Request revocation' }).click();
  const form = page.getByTestId('revoke-form');
  await expect(form.getByTestId('revoke-lost-key')).toContainText('A lost key cannot be revoked here');
  await form.getByRole('radio', { name: 'Private key leaked' }).check();
  await expect(form.getByRole('radio', { name: 'Private key leaked' })).toHaveAccessibleDescription(
    /revoked at once/,
  );
  await expectNoAxeViolations(page, 'revocation form in English');
  await saveScreenshot(page, 'revoke-form-en');
  await form.getByRole('button', { name: 'Next' }).click();
  const confirm = page.getByTestId('revoke-confirm');
  await expect(confirm).toContainText('Reason: Private key leaked');
  await saveScreenshot(page, 'revoke-confirm-en');
  await confirm.getByRole('button', { name: 'Revoke the certificate' }).click();

  await expect(card(page).getByTestId('request-progress')).toHaveText('Completed');
  await expect(page.getByTestId('certificate-request-actions')).toHaveCount(0);
  const crl = await crlText(server.origin, data);
  expect(crl).toContain(serial);
  expect(crl).toMatch(/KEY COMPROMISE/);
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
  expect(privateKeys).not.toMatch(/Private Key Object/);
});

test('from the certificate’s details: 申请变更信息, followed in 我的申请, where 撤回 names the change', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 365, commonName: '张三' });
  backend = await startRenewalBackend(keys);
  const started = await startApp(backend.appOptions);
  app = started;
  await page.goto(started.url);
  await logIn(page, pin);
  const certificateCard = page.getByRole('article', { name: '张三' });
  await certificateCard.getByRole('button', { name: '查看详情' }).click();
  const section = certificateCard.getByTestId('certificate-details-requests');
  await expect(section.getByRole('heading', { name: '变更或注销证书' })).toBeVisible();
  await expect(section.getByRole('button', { name: '申请注销' })).toBeVisible();
  await saveScreenshot(page, 'details-requests');

  // The same form as in 我的申请, with its own checks.
  await section.getByRole('button', { name: '申请变更信息' }).click();
  const form = section.getByTestId('change-form');
  await form.getByLabel('新科室').fill('心内科');
  await form.getByRole('button', { name: '下一步' }).click();
  const confirm = section.getByTestId('change-confirm');
  await expect(confirm.getByTestId('change-summary')).toHaveText('新科室：心内科');
  await expectNoAxeViolations(page, 'change confirmation in the details');
  await page.keyboard.press('Enter');

  await expect(section.getByTestId('details-form-submitted')).toHaveText(
    '变更申请已提交。办理进度可在“我的申请”中查看。',
  );
  await expect(section.getByTestId('certificate-request-under-way')).toHaveText(
    '这张证书已有一份证书信息变更申请在办理中。',
  );
  await expect(section.getByRole('button', { name: '申请注销' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'details with a change under way');
  await saveScreenshot(page, 'details-change-submitted');
  expect(backend.requests().find((request) => request.kind === 'change')?.stage).toBe('unit-review');

  await section.getByRole('button', { name: '查看我的申请' }).click();
  await expect(page.getByTestId('requests-screen')).toBeVisible();
  await expect(card(page)).toContainText('证书信息变更');
  await expect(card(page).getByTestId('request-progress')).toHaveText('单位审核');
  await card(page).getByRole('button', { name: '撤回申请' }).click();
  const withdrawal = card(page).getByRole('group', { name: '撤回申请' });
  await expect(withdrawal).toContainText('确定撤回这份证书信息变更申请吗？');
  await expect(withdrawal).not.toContainText('续期');
  await expectNoAxeViolations(page, 'withdrawing a change');
  await saveScreenshot(page, 'change-withdraw-confirm');
  await withdrawal.getByRole('button', { name: '确定撤回' }).click();
  await expect(card(page).getByTestId('request-progress')).toHaveText('已撤回');
  await expect(card(page).getByTestId('request-next')).toHaveText(
    '变更申请已撤回，证书信息保持不变，原证书在到期前仍可使用。',
  );
  await saveScreenshot(page, 'change-withdrawn');
  expect(backend.requests().find((request) => request.kind === 'change')?.stage).toBe('withdrawn');
});
