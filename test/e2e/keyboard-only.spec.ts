// Login → certificates → change PIN with the keyboard alone (Tab, Enter, Space). Every element
// that takes focus on the way must have an accessible name and a visible focus indicator.
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

const focused = (page: Page) => page.locator(':focus');

/** Focus is shown: :focus-visible matches and draws an outline of some width. */
async function expectVisibleFocus(page: Page): Promise<void> {
  // A string: the e2e specs are type-checked without DOM typings (they run in Node).
  const indicator = await page.evaluate(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
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
    const accessibleName =
      (await focused(page).getAttribute('aria-label')) ?? (await focused(page).innerText());
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
