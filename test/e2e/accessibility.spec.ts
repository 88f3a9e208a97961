// axe-core finds nothing on any screen or state, in Chinese and in English: no key, login
// (with certificates), wrong PIN, certificates with details open, several keys, signing,
// verification, change PIN, settings; then a locked PIN with IT's policy file, diagnostics,
// the idle warning and activation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { settingsPathFor } from './fixtures/browser-mode-process';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

for (const language of ['zh-CN', 'en'] as const) {
  const words =
    language === 'zh-CN'
      ? {
          pin: 'PIN码',
          logIn: '登录',
          details: '查看详情',
          sign: '签名文件',
          verify: '验证签名',
          changePin: '修改PIN码',
          settings: '设置',
          diagnostics: '诊断',
        }
      : {
          pin: 'PIN',
          logIn: 'Log in',
          details: 'Show details',
          sign: 'Sign files',
          verify: 'Verify a signature',
          changePin: 'Change PIN',
          settings: 'Settings',
          diagnostics: 'Diagnostics',
        };

  test(`axe finds nothing on the holder's screens (${language})`, async ({ page, keys, startApp }) => {
    await keys.initKey({ label: 'doctor', days: 20 });
    await keys.initKey({ label: 'second', commonName: '李四' });
    await keys.unplug('doctor');
    await keys.unplug('second');
    const app = await startApp();
    await page.goto(app.url);
    await expect(page.getByTestId('no-key-screen')).toBeVisible();
    if (language === 'en') await page.getByRole('combobox').first().selectOption('en');
    await expectNoAxeViolations(page, 'no key');

    await keys.plug('doctor');
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await expectNoAxeViolations(page, 'login');
    await page.getByLabel(words.pin, { exact: true }).fill('999999');
    await page.getByRole('button', { name: words.logIn, exact: true }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await expectNoAxeViolations(page, 'wrong PIN');

    await page.getByLabel(words.pin, { exact: true }).fill('123456');
    await page.getByRole('button', { name: words.logIn, exact: true }).click();
    await expect(page.getByTestId('certificates-screen')).toBeVisible();
    await expectNoAxeViolations(page, 'certificates');
    await page.getByRole('button', { name: words.details }).first().click();
    await expectNoAxeViolations(page, 'certificate details');

    await keys.plug('second');
    await expect(page.getByTestId('key-switcher')).toBeVisible();
    await expectNoAxeViolations(page, 'several keys');

    for (const [name, screen] of [
      [words.sign, 'sign-screen'],
      [words.verify, 'verify-screen'],
      [words.changePin, 'change-pin-screen'],
      [words.settings, 'settings-screen'],
      [words.diagnostics, 'diagnostics-screen'],
    ] as const) {
      await page.getByRole('button', { name, exact: true }).click();
      await expect(page.getByTestId(screen)).toBeVisible();
      await expectNoAxeViolations(page, name);
    }
  });
}

// The states a helpdesk call starts from, in both languages: a locked PIN with IT's policy file
// (contacts, 复制证书信息 pressed), the no-key help, the diagnostics page with its copy and save
// notices, the idle warning, and the activation screen after a wrong initial PIN.
for (const language of ['zh-CN', 'en'] as const) {
  const words =
    language === 'zh-CN'
      ? {
          pin: 'PIN码',
          logIn: '登录',
          copyInfo: '复制证书信息',
          diagnosticsFromNoKey: '查看诊断信息',
          copy: '复制',
          save: '保存为文件',
          idle: '即将自动退出登录',
          initialPin: '初始PIN码',
          newPin: '新PIN码',
          confirm: '再次输入新PIN码',
          activate: '修改PIN码并激活',
        }
      : {
          pin: 'PIN',
          logIn: 'Log in',
          copyInfo: 'Copy certificate details',
          diagnosticsFromNoKey: 'Open diagnostics',
          copy: 'Copy',
          save: 'Save as file',
          idle: 'About to log out',
          initialPin: 'Initial PIN',
          newPin: 'New PIN',
          confirm: 'New PIN again',
          activate: 'Change PIN and activate',
        };

  test(`axe finds nothing on locked PIN with policy, diagnostics and activation (${language})`, async ({
    page,
    keys,
    startApp,
  }) => {
    await keys.initKey({ label: 'doctor', maxTries: 1, days: 20 });
    await keys.initKey({ label: 'newkey', pinToBeChanged: true, commonName: '李四' });
    await keys.unplug('newkey');
    await keys.unplug('doctor');
    const policyFile = join(keys.home, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        helpdesk: {
          unitAdministrator: {
            name: '王敏（信息科）',
            phone: '0571-8888 1234',
            email: 'ca-admin@example.cn',
          },
          caHotline: { name: '浙江CA服务热线', phone: '400-888-0000' },
        },
      }),
    );
    mkdirSync(dirname(settingsPathFor(keys)), { recursive: true });
    writeFileSync(settingsPathFor(keys), JSON.stringify({ language }));
    const app = await startApp({ policyFile });
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
    await page.goto(app.url);

    await expect(page.getByTestId('no-key-screen')).toBeVisible();
    await page.getByRole('button', { name: words.diagnosticsFromNoKey }).click();
    await expect(page.getByTestId('diagnostics-text')).toBeVisible();
    await expectNoAxeViolations(page, 'diagnostics, no key');
    await page.getByRole('button', { name: words.copy, exact: true }).click();
    await expect(page.getByTestId('diagnostics-screen').getByRole('status')).not.toBeEmpty();
    await expectNoAxeViolations(page, 'diagnostics, copied');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: words.save }).click();
    await download;
    await expectNoAxeViolations(page, 'diagnostics, saved');

    // A key plugged in while on a keyless page: the app goes to its login.
    await keys.plug('doctor');
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await expectNoAxeViolations(page, 'login with renewal banner and contact');
    await page.getByLabel(words.pin, { exact: true }).fill('000000');
    await page.getByRole('button', { name: words.logIn, exact: true }).click();
    await expect(page.getByTestId('pin-locked')).toBeVisible();
    await expect(page.getByTestId('login-screen')).toContainText('王敏（信息科）');
    await expectNoAxeViolations(page, 'PIN locked, policy contacts');
    await page.getByRole('button', { name: words.copyInfo }).click();
    await expectNoAxeViolations(page, 'PIN locked, details copied');
    await saveScreenshot(page, `axe-locked-policy-${language}`);

    // A new key with a to-be-changed PIN: the activation screen, then a wrong initial PIN.
    await keys.unplug('doctor');
    await keys.plug('newkey');
    await expect(page.getByTestId('activation-screen')).toBeVisible();
    await expectNoAxeViolations(page, 'activation');
    await page.getByLabel(words.initialPin).fill('999999');
    await page.getByLabel(words.newPin, { exact: true }).fill('Zs-7319');
    await page.getByLabel(words.confirm).fill('Zs-7319');
    await page.getByRole('button', { name: words.activate }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAxeViolations(page, 'activation, wrong initial PIN');
    await saveScreenshot(page, `axe-activation-wrong-pin-${language}`);
  });

  test(`axe finds nothing on the idle warning (${language})`, async ({ page, keys, startApp }) => {
    await keys.initKey({ label: 'doctor' });
    mkdirSync(dirname(settingsPathFor(keys)), { recursive: true });
    writeFileSync(settingsPathFor(keys), JSON.stringify({ autoLockMinutes: 2, language }));
    // The page's own timers, fast-forwarded to a minute before the two-minute auto-logout.
    await page.clock.install();
    const app = await startApp();
    await page.goto(app.url);
    await page.getByLabel(words.pin, { exact: true }).fill('123456');
    await page.getByRole('button', { name: words.logIn, exact: true }).click();
    await expect(page.getByTestId('certificates-screen')).toBeVisible();
    await page.clock.fastForward(61_000);
    await expect(page.getByRole('alertdialog', { name: words.idle })).toBeVisible();
    await expectNoAxeViolations(page, 'idle warning');
    await saveScreenshot(page, `axe-idle-warning-${language}`);
  });
}
