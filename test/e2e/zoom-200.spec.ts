// 200% zoom on a 1280×800 screen is a 640×400 CSS viewport (deviceScaleFactor is not zoom).
// Nothing essential may be cut off: no horizontal scrolling, and the PIN field, the buttons
// and the navigation are reachable by scrolling down.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { settingsPathFor } from './fixtures/browser-mode-process';
import { expect, logIn, test } from './fixtures/holder-test';

test.use({ viewport: { width: 640, height: 400 } });

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string: the e2e specs are type-checked without DOM typings (they run in Node).
  const widths = (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
  expect(widths.scroll, 'page wider than the viewport').toBeLessThanOrEqual(widths.client);
}

/** Scrolled into view, the element lies entirely inside the 640 px width. */
async function expectReachable(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  // 0.95, not 1: sub-pixel layout can leave a fraction of a pixel outside.
  await expect(locator).toBeInViewport({ ratio: 0.95 });
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(640);
}

async function viewportShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

test('200% zoom (640×400): login, certificates and change PIN fit without horizontal scrolling', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 20 });
  await keys.unplug('doctor');
  const app = await startApp();
  await page.goto(app.url);

  await expect(page.getByTestId('no-key-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await viewportShot(page, '70-zoom-no-key');

  await keys.plug('doctor');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByLabel('PIN码', { exact: true }));
  await expectReachable(page, page.getByRole('button', { name: '登录' }));
  await viewportShot(page, '71-zoom-login');

  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByRole('button', { name: '退出登录', exact: true }));
  await expectReachable(page, page.getByRole('button', { name: '修改PIN码' }));
  await expectReachable(page, page.getByTestId('renewal-banner'));
  await expectReachable(page, page.getByRole('button', { name: '查看详情' }).first());
  await page.getByRole('button', { name: '查看详情' }).first().click();
  await expectNoHorizontalScroll(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await viewportShot(page, '72-zoom-certificates');

  await page.getByRole('button', { name: '修改PIN码' }).click();
  await expect(page.getByTestId('change-pin-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  for (const label of ['当前PIN码', '新PIN码', '再次输入新PIN码']) {
    await expectReachable(page, page.getByLabel(label, { exact: true }));
  }
  await expectReachable(page, page.getByRole('button', { name: '修改PIN码' }).last());
  await page.evaluate('window.scrollTo(0, 0)');
  await viewportShot(page, '73-zoom-change-pin');

  await page.getByRole('button', { name: '设置' }).click();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByRole('button', { name: '保存设置' }));
  await viewportShot(page, '74-zoom-settings');
});

test('200% zoom (640×400): signing with the drop zone, verify, diagnostics, settings 高级 and the idle warning fit', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', days: 20 });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const letter = join(testInfo.outputDir, '一份名字相当长的出院小结（内科二病区）.txt');
  writeFileSync(letter, '患者：李四\n');
  mkdirSync(dirname(settingsPathFor(keys)), { recursive: true });
  writeFileSync(settingsPathFor(keys), JSON.stringify({ autoLockMinutes: 2 }));
  await page.clock.install();
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  await page.getByRole('button', { name: '签名文件' }).click();
  await expect(page.getByTestId('sign-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByTestId('drop-zone'));
  await expectReachable(page, page.locator('label.file-chooser-button'));
  await page.getByLabel('选择要签名的文件（可多选）').setInputFiles(letter);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 1 / 1')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByRole('button', { name: /^下载 / }));
  await viewportShot(page, 'zoom-sign-signed');

  await page.getByRole('button', { name: '验证签名' }).click();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByTestId('verify-file-zone').locator('label.file-chooser-button'));
  await expectReachable(page, page.getByTestId('verify-signature-zone').locator('label.file-chooser-button'));
  await page.getByLabel('原文件').setInputFiles(letter);
  await page.getByLabel('签名文件（.p7s）').setInputFiles(letter);
  await page.getByRole('button', { name: '验证', exact: true }).click();
  await expect(page.getByTestId('error-message')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await viewportShot(page, 'zoom-verify');

  await page.getByRole('button', { name: '诊断' }).click();
  await expect(page.getByTestId('diagnostics-screen')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByRole('button', { name: '复制', exact: true }));

  await page.getByRole('button', { name: '设置' }).click();
  await page.getByText('高级（信息科）').click();
  await expectNoHorizontalScroll(page);
  await expectReachable(page, page.getByLabel('驱动文件路径'));
  await expectReachable(page, page.getByRole('button', { name: '添加', exact: true }));
  await expectReachable(page, page.getByRole('button', { name: '保存设置' }));
  await viewportShot(page, 'zoom-settings-advanced');

  await page.clock.fastForward(61_000);
  const warning = page.getByRole('alertdialog', { name: '即将自动退出登录' });
  await expect(warning).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expect(warning).toBeInViewport({ ratio: 0.95 });
  await expectReachable(page, warning.getByRole('button', { name: '继续使用' }));
  await viewportShot(page, 'zoom-idle-warning');
});
