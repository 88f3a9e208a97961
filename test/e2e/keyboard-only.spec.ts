// Login → certificates → change PIN with the keyboard alone (Tab, Enter, Space). Every element
// that takes focus on the way must have an accessible name and a visible focus indicator.
import type { Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsPathFor } from './fixtures/browser-mode-process';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

const focused = (page: Page) => page.locator(':focus');

/**
 * Focus is shown: :focus-visible matches and draws an outline of some width. A file input is
 * visually hidden (its browser words are not the holder's language): its ring is drawn on the
 * 选择文件 button next to it, so that is where the outline must be.
 */
async function expectVisibleFocus(page: Page): Promise<void> {
  // A string: the e2e specs are type-checked without DOM typings (they run in Node).
  const indicator = await page.evaluate(`(() => {
    const element = document.activeElement;
    const shown = element.classList.contains('file-chooser-input')
      ? element.closest('.drop-zone').querySelector('.file-chooser-button')
      : element;
    const style = getComputedStyle(shown);
    return {
      focusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  })()`);
  expect(indicator).toEqual({ focusVisible: true, outline: true });
}

/** Presses Tab until the focused element is called `name`, checking every stop on the way. */
async function tabTo(page: Page, name: string | RegExp, maxStops = 25): Promise<void> {
  for (let stop = 0; stop < maxStops; stop++) {
    await page.keyboard.press('Tab');
    // Past the last control focus leaves the page (browser UI); the next Tab wraps to the top.
    if ((await focused(page).count()) === 0) continue;
    await expect(focused(page)).toHaveAccessibleName(/\S/);
    await expectVisibleFocus(page);
    // An input's name is its (first) label's text: a file input or a radio has no text of its own.
    const labelText = await focused(page).evaluate(
      (element: { tagName: string; labels?: ArrayLike<{ innerText: string }> | null }) =>
        element.tagName === 'INPUT' ? (element.labels?.[0]?.innerText ?? null) : null,
    );
    const accessibleName =
      (await focused(page).getAttribute('aria-label')) ?? labelText ?? (await focused(page).innerText());
    if (typeof name === 'string' ? accessibleName.trim() === name : name.test(accessibleName)) return;
  }
  throw new Error(`${String(name)} was not reached within ${maxStops} Tab presses`);
}

test('keyboard only: log in, open the certificates, change the PIN', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'doctor', days: 20 });
  const app = await startApp();
  await page.goto(app.url);

  // The PIN field takes focus by itself; typing and Enter log in.
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(focused(page)).toHaveAccessibleName('PIN码');
  await page.keyboard.type('123456');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  // Certificate details open with Space on the focused button.
  await tabTo(page, '查看详情');
  await saveScreenshot(page, '60-keyboard-focus-details');
  await page.keyboard.press('Space');
  await expect(page.getByText('SHA-256指纹')).toBeVisible();

  // On to the navigation: Tab runs past the end of the page and wraps to the header.
  await tabTo(page, '修改PIN码', 40);
  await saveScreenshot(page, '61-keyboard-focus-nav');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('change-pin-screen')).toBeVisible();
  await expect(focused(page)).toHaveAccessibleName('当前PIN码');

  await page.keyboard.type('123456');
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('新PIN码');
  await page.keyboard.type('80716253');
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('再次输入新PIN码');
  await page.keyboard.type('80716253');
  await tabTo(page, '修改PIN码');
  await expect(focused(page)).toHaveAttribute('type', 'submit');
  await saveScreenshot(page, '62-keyboard-focus-submit');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('pin-changed')).toBeVisible();
});

/** Space on the focused (hidden) file input opens the chooser, as it does for a keyboard user. */
async function chooseWithKeyboard(page: Page, files: string | string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(files);
}

test('keyboard only: sign with 选择文件, verify with both choosers, settings 高级, the idle warning', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor' });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, '病历.txt');
  writeFileSync(letter, '患者：李四\n');
  // A two-minute auto-logout: the warning comes a minute before, on the page's own clock.
  mkdirSync(join(settingsPathFor(keys), '..'), { recursive: true });
  writeFileSync(settingsPathFor(keys), JSON.stringify({ autoLockMinutes: 2 }));
  await page.clock.install();
  const app = await startApp();
  await page.goto(app.url);
  await expect(focused(page)).toHaveAccessibleName('PIN码');
  await page.keyboard.type('123456');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  // 签名文件: the file button is one Tab stop with a visible ring; Space opens the chooser.
  await tabTo(page, '签名文件', 40);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sign-screen')).toBeVisible();
  await tabTo(page, '选择要签名的文件（可多选）');
  await saveScreenshot(page, 'keyboard-01-sign-file-button');
  await chooseWithKeyboard(page, letter);
  await tabTo(page, '签名');
  await page.keyboard.press('Enter');
  await expect(page.getByText('已完成 1 / 1')).toBeVisible();
  // The signature is saved with the keyboard too.
  const download = page.waitForEvent('download');
  await tabTo(page, /^下载 病历\.txt\.p7s$/);
  await page.keyboard.press('Enter');
  const signature = join(testInfo.outputDir, '病历.txt.p7s');
  await (await download).saveAs(signature);

  // 验证签名: both choosers by keyboard, then 验证.
  await tabTo(page, '验证签名', 40);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verify-screen')).toBeVisible();
  await tabTo(page, '原文件');
  await chooseWithKeyboard(page, letter);
  await tabTo(page, '签名文件（.p7s）');
  await saveScreenshot(page, 'keyboard-02-verify-signature-button');
  await chooseWithKeyboard(page, signature);
  await tabTo(page, '验证');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verdict')).toContainText('张三');

  // 设置: the 高级（信息科） section opens with Enter on its summary.
  await tabTo(page, '设置', 40);
  await page.keyboard.press('Enter');
  await tabTo(page, '高级（信息科）');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('advanced-settings')).toHaveAttribute('open');
  // The driver choice is one radio group: Tab lands on the chosen option (the test's --module path).
  await tabTo(page, /^(自动检测（推荐）|其他：输入驱动文件的路径)$/);

  // The idle warning takes focus on 继续使用; Enter keeps the session.
  await page.clock.fastForward(61_000);
  const warning = page.getByRole('alertdialog', { name: '即将自动退出登录' });
  await expect(warning).toBeVisible();
  await expect(focused(page)).toHaveAccessibleName('继续使用');
  await expectVisibleFocus(page);
  await saveScreenshot(page, 'keyboard-03-idle-warning');
  await page.keyboard.press('Enter');
  await expect(warning).toBeHidden();
  await expect(page.getByTestId('settings-screen')).toBeVisible();
});
