// axe-core finds nothing on any screen or state, in Chinese and in English: no key, login
// (with certificates), wrong PIN, certificates with details open, several keys, signing,
// verification, change PIN, settings, and a locked PIN.
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, test } from './fixtures/holder-test';

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

test('axe finds nothing on the locked-PIN screen', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'doctor', maxTries: 1 });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-locked')).toBeVisible();
  await expectNoAxeViolations(page, 'PIN locked');
});
