// Issue 7 §2, no dead ends: a key whose PIN is locked says whom to call (the contacts in the
// policy file hospital IT deploys, else the plain default), copies the key's and certificate's
// facts for the helpdesk, and still opens 验证签名. The renewal banner gives the date and the
// same contact. The certificate serial is checked against OpenSSL's reading of the file the
// virtual key was provisioned with.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

const helpdesk = {
  unitAdministrator: {
    name: '王敏（信息科）',
    phone: '0571-8888 1234',
    email: 'ca-admin@example-hospital.cn',
  },
  caHotline: { name: '浙江CA服务热线', phone: '400-888-0000' },
};

function opensslSerial(certificateFile: string): string {
  const line = execFileSync('openssl', ['x509', '-in', certificateFile, '-noout', '-serial'], {
    encoding: 'utf8',
  });
  return line
    .trim()
    .replace(/^serial=/, '')
    .toUpperCase();
}

/** A certificate end date as the Chinese holder reads it (local time, like the page). */
function chineseDate(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

async function lockThePin(page: Page): Promise<void> {
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-status')).toContainText('仅剩最后一次机会');
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-locked')).toContainText('PIN码解锁须由证书服务机构（CA）办理');
}

test('locked PIN with a policy file: the contacts, 复制证书信息 and 验证签名; the banner has date and contact', async ({
  page,
  keys,
  startApp,
}) => {
  const key = await keys.initKey({ label: 'doctor', maxTries: 2, days: 20 });
  const policyFile = path.join(keys.home, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ helpdesk }));
  const app = await startApp({ policyFile });
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.goto(app.url);

  const banner = page.getByTestId('renewal-banner');
  await expect(banner).toContainText(`将于 ${chineseDate(key.certificate!.notAfter)} 到期`);
  await expect(banner).toContainText('须申请证书续期');
  await expect(banner.getByTestId('helpdesk-contact')).toContainText('王敏（信息科） · 0571-8888 1234');
  await saveScreenshot(page, '90-renewal-banner-contact');

  await lockThePin(page);
  const contact = page.getByTestId('login-screen').locator('.locked-help').getByTestId('helpdesk-contact');
  await expect(contact).toContainText('本单位证书管理员王敏（信息科） · 0571-8888 1234');
  await expect(contact.locator('.contact-email')).toHaveText('ca-admin@example-hospital.cn');
  await expect(contact).toContainText('CA服务热线浙江CA服务热线 · 400-888-0000');
  await saveScreenshot(page, '91-pin-locked-contacts');

  const locked = page.locator('.locked-help');
  await locked.getByRole('button', { name: '复制证书信息' }).click();
  await expect(locked.getByRole('status')).toHaveText('已复制');
  const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
  expect(copied).toBe(
    [
      'USBKEY名称: doctor',
      `USBKEY序列号: ${key.serial}`,
      `证书序列号: ${opensslSerial(key.certificate!.file)}`,
      '持有人: 张三',
      '单位: 某某市第一人民医院',
    ].join('\n'),
  );
  expect(copied).not.toMatch(/000000|123456/);
  await saveScreenshot(page, '92-pin-locked-copied');

  await locked.getByRole('button', { name: '验证签名（无需PIN码）' }).click();
  await expect(page.getByTestId('verify-screen')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('验证签名');
  await saveScreenshot(page, '93-pin-locked-verify');
  // And back to the locked key's screen, which still offers no PIN field.
  await page.getByRole('button', { name: '← 返回' }).click();
  await expect(page.getByTestId('pin-locked')).toBeVisible();
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveCount(0);
});

test('locked PIN without a policy file: the default contact text; banner says the same', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 2, days: 20 });
  const app = await startApp();
  await page.goto(app.url);
  await expect(page.getByTestId('renewal-banner').getByTestId('helpdesk-contact')).toHaveText(
    '请联系本单位的证书管理员。',
  );
  await lockThePin(page);
  await expect(page.locator('.locked-help').getByTestId('helpdesk-contact')).toHaveText(
    '请联系本单位的证书管理员。',
  );
  await saveScreenshot(page, '94-pin-locked-default-contact');
});

test('a malformed policy file: default contact text, and the settings screen says it was ignored', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 2 });
  const policyFile = path.join(keys.home, 'policy.json');
  writeFileSync(policyFile, '{"helpdesk": {"caHotline": {"name": "CA"');
  const app = await startApp({ policyFile });
  await page.goto(app.url);
  await lockThePin(page);
  await expect(page.locator('.locked-help').getByTestId('helpdesk-contact')).toHaveText(
    '请联系本单位的证书管理员。',
  );
  await page.locator('.locked-help').getByRole('button', { name: '验证签名（无需PIN码）' }).click();
  await page.getByRole('navigation').getByRole('button', { name: '设置', exact: true }).click();
  await expect(page.getByTestId('policy-file-warning')).toHaveText(
    '信息科部署的策略文件格式有误，已忽略（联系人信息未显示）。',
  );
  await saveScreenshot(page, '95-policy-file-warning');
});

test('复制证书信息 on a certificate card copies that certificate and its key', async ({
  page,
  keys,
  startApp,
}) => {
  const key = await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.goto(app.url);
  await logIn(page, '123456');
  const card = page.getByRole('article', { name: '张三' });
  await card.getByRole('button', { name: '复制证书信息' }).click();
  await expect(card.getByRole('status')).toHaveText('已复制');
  const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
  expect(copied).toBe(
    [
      'USBKEY名称: doctor',
      `USBKEY序列号: ${key.serial}`,
      `证书序列号: ${opensslSerial(key.certificate!.file)}`,
      '持有人: 张三',
      '单位: 某某市第一人民医院',
    ].join('\n'),
  );
  await saveScreenshot(page, '96-certificate-card-copied');
});
