// Issue 7 §7: every screen once, in Chinese and in English, saved as
// test-results/screenshots/walk-<language>-NN-<screen>.png to be looked at. Each stop also checks
// the one thing a busy doctor must see there, so the walk fails when a screen loses it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

for (const language of ['zh-CN', 'en'] as const) {
  const zh = language === 'zh-CN';
  const w = zh
    ? {
        pin: 'PIN码',
        logIn: '登录',
        details: '查看详情',
        sign: '签名文件',
        signButton: '签名',
        chooseFiles: '选择要签名的文件（可多选）',
        verify: '验证签名',
        verifyButton: '验证',
        file: '原文件',
        signature: '签名文件（.p7s）',
        changePin: '修改PIN码',
        settings: '设置',
        advanced: '高级（信息科）',
        diagnostics: '诊断',
        logOut: '退出登录',
      }
    : {
        pin: 'PIN',
        logIn: 'Log in',
        details: 'Show details',
        sign: 'Sign files',
        signButton: 'Sign',
        chooseFiles: 'Choose the files to sign (several allowed)',
        verify: 'Verify a signature',
        verifyButton: 'Verify',
        file: 'File',
        signature: 'Signature (.p7s)',
        changePin: 'Change PIN',
        settings: 'Settings',
        advanced: 'Advanced (IT department)',
        diagnostics: 'Diagnostics',
        logOut: 'Log out',
      };

  test(`every screen once (${language})`, async ({ page, keys, startApp }, testInfo) => {
    await keys.initKey({ label: 'doctor', days: 20 });
    await keys.initKey({ label: 'spare', commonName: '李四', maxTries: 1 });
    await keys.unplug('spare');
    await keys.unplug('doctor');
    mkdirSync(testInfo.outputDir, { recursive: true });
    const letter = join(testInfo.outputDir, '出院小结.txt');
    writeFileSync(letter, '患者：李四\n诊断：高血压\n');
    const app = await startApp();
    await page.goto(app.url);
    const shot = (step: string) => saveScreenshot(page, `walk-${language}-${step}`);

    await expect(page.getByTestId('no-key-screen')).toBeVisible();
    if (!zh) await page.getByRole('combobox').first().selectOption('en');
    await shot('01-no-key');

    await keys.plug('doctor');
    await expect(page.getByTestId('renewal-banner')).toBeVisible();
    await shot('02-login');
    await page.getByLabel(w.pin, { exact: true }).fill('999999');
    await page.getByRole('button', { name: w.logIn, exact: true }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await shot('03-wrong-pin');
    await page.getByLabel(w.pin, { exact: true }).fill('123456');
    await page.getByRole('button', { name: w.logIn, exact: true }).click();
    await expect(page.getByTestId('certificates-screen')).toBeVisible();
    await shot('04-certificates');
    await page.getByRole('button', { name: w.details }).first().click();
    await shot('05-details');

    await page.getByRole('button', { name: w.sign, exact: true }).click();
    await page.getByLabel(w.chooseFiles).setInputFiles(letter);
    await page.getByRole('button', { name: w.signButton, exact: true }).click();
    await expect(page.getByText(zh ? '已完成 1 / 1' : '1 of 1 done')).toBeVisible();
    await shot('06-signed');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: zh ? '下载 出院小结.txt.p7s' : /出院小结\.txt\.p7s/ }).click();
    const signature = join(testInfo.outputDir, '出院小结.txt.p7s');
    await (await download).saveAs(signature);

    await page.getByRole('button', { name: w.verify, exact: true }).click();
    await page.getByLabel(w.file, { exact: true }).setInputFiles(letter);
    await page.getByLabel(w.signature).setInputFiles(signature);
    await page.getByRole('button', { name: w.verifyButton, exact: true }).click();
    await expect(page.getByTestId('verdict')).toBeVisible();
    await shot('07-verified');

    await page.getByRole('button', { name: w.changePin, exact: true }).click();
    await shot('08-change-pin');
    await page.getByRole('button', { name: w.settings, exact: true }).click();
    await page.getByText(w.advanced).click();
    await shot('09-settings-advanced');
    await page.getByRole('button', { name: w.diagnostics, exact: true }).click();
    await expect(page.getByTestId('diagnostics-text')).toBeVisible();
    await shot('10-diagnostics');

    // A key with a locked PIN: the lock is said before the renewal reminder and the certificate.
    await page.getByRole('button', { name: w.logOut, exact: true }).click();
    await keys.unplug('doctor');
    await keys.plug('spare');
    // The spare key's own login screen, not the doctor's one still on its way out.
    await expect(page.getByTestId('login-screen')).toContainText('李四');
    await expect(page.getByTestId('login-screen')).not.toContainText('张三');
    await page.getByLabel(w.pin, { exact: true }).fill('000000');
    await page.getByRole('button', { name: w.logIn, exact: true }).click();
    const locked = page.getByTestId('pin-locked');
    await expect(locked).toBeVisible();
    const lockedComesFirst = await page.evaluate(`(() => {
      const locked = document.querySelector('[data-testid="pin-locked"]');
      const summary = document.querySelector('[data-testid="login-certificates"]');
      return summary !== null && Boolean(locked.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING);
    })()`);
    expect(lockedComesFirst, 'the locked-PIN message comes before the certificate summary').toBe(true);
    await shot('11-pin-locked');
  });
}
