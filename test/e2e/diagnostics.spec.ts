// 诊断 for the IT helpdesk: reachable from the no-key screen ("插上没反应？") and from the
// navigation once logged in; it names the module in use and every slot (the empty one too),
// shows a wrong-PIN error by its code, never the PIN, and 保存为文件 saves the same text.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

/** A PIN no serial or version in the report can contain by chance. */
const pin = '583920';
const wrongPin = '947261';

test('from the no-key screen: module path and the empty slot; 保存为文件 saves the report', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'nurse', pin });
  await keys.unplug('nurse');
  const app = await startApp();
  await page.goto(app.url);
  await expect(page.getByTestId('no-key-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '插上没反应？' })).toBeVisible();
  await saveScreenshot(page, 'diagnostics-no-key-help');
  await page.getByRole('button', { name: '查看诊断信息' }).click();

  const screen = page.getByTestId('diagnostics-screen');
  await expect(screen.getByRole('heading', { name: '诊断信息' })).toBeVisible();
  const text = screen.getByTestId('diagnostics-text');
  await expect(text).toContainText(`path: ${keys.modulePath}`);
  await expect(text).toContainText('chosen by: 设置 setting (or --module)');
  await expect(text).toContainText(/slot \d+: empty — YiKey Virtual USBKEY nurse/);
  await expect(screen.getByTestId('diagnostics-summary')).toContainText('共 1 个，其中 0 个插有USBKEY');
  await saveScreenshot(page, 'diagnostics-no-key');

  const downloadPromise = page.waitForEvent('download');
  await screen.getByRole('button', { name: '保存为文件' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^yikey-diagnostics-\d{8}-\d{6}\.txt$/);
  await expect(screen.getByRole('status')).toContainText(`已保存为文件 ${download.suggestedFilename()}`);
  const path = join(testInfo.outputDir, download.suggestedFilename());
  await download.saveAs(path);
  const saved = await readFile(path, 'utf8');
  expect(saved).toBe(`${(await text.textContent()) ?? ''}`);
  expect(saved).toContain(`path: ${keys.modulePath}`);
  expect(saved).toMatch(/^slot \d+: empty — /m);
});

test('logged in: 诊断 in the navigation lists the key, its flags and the wrong-PIN code, never the PIN', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', pin });
  await keys.initKey({ label: 'spare', pin });
  await keys.unplug('spare');
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, wrongPin);
  await expect(page.getByRole('alert').first()).toBeVisible();
  await logIn(page, pin);
  await expect(page.getByTestId('certificates-screen')).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: '诊断' }).click();
  const screen = page.getByTestId('diagnostics-screen');
  const text = screen.getByTestId('diagnostics-text');
  await expect(text).toContainText(`path: ${keys.modulePath}`);
  await expect(text).toContainText(/slot \d+: key inserted — YiKey Virtual USBKEY doctor/);
  await expect(text).toContainText(/slot \d+: empty — YiKey Virtual USBKEY spare/);
  await expect(text).toContainText('token flags: CKF_RNG CKF_LOGIN_REQUIRED');
  await expect(text).toContainText(/CKM_RSA_PKCS 0x1 key size/);
  await expect(text).toContainText(/session:login \[pin-incorrect\]/);
  const shown = (await text.textContent()) ?? '';
  expect(shown).not.toContain(pin);
  expect(shown).not.toContain(wrongPin);
  await expect(page.getByRole('navigation').getByRole('button', { name: '诊断' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await saveScreenshot(page, 'diagnostics-logged-in');
});

test('keyboard only: from the no-key help to 复制, which puts the whole report on the clipboard', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'nurse', pin });
  await keys.unplug('nurse');
  const app = await startApp();
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.goto(app.url);
  await expect(page.getByTestId('no-key-screen')).toBeVisible();

  await page.getByRole('button', { name: '查看诊断信息' }).focus();
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('diagnostics-screen');
  const text = screen.getByTestId('diagnostics-text');
  await expect(text).toContainText(`path: ${keys.modulePath}`);
  const copyButton = screen.getByRole('button', { name: '复制', exact: true });
  await copyButton.focus();
  await page.keyboard.press('Space');
  await expect(screen.getByRole('status')).toContainText('已复制');
  const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
  expect(copied).toBe((await text.textContent()) ?? '');
  expect(copied).toMatch(/^slot \d+: empty — YiKey Virtual USBKEY nurse/m);
});

test.describe('200% zoom (640×400)', () => {
  test.use({ viewport: { width: 640, height: 400 } });

  test('the diagnostics page fits without horizontal scrolling; its buttons are reachable', async ({
    page,
    keys,
    startApp,
  }) => {
    await keys.initKey({ label: 'doctor', pin });
    const app = await startApp();
    await page.goto(app.url);
    await logIn(page, pin);
    await expect(page.getByTestId('certificates-screen')).toBeVisible();
    const nav = page.getByRole('navigation').getByRole('button', { name: '诊断' });
    await nav.scrollIntoViewIfNeeded();
    await nav.click();
    const screen = page.getByTestId('diagnostics-screen');
    await expect(screen.getByTestId('diagnostics-text')).toContainText(/slot \d+: key inserted/);
    const widths = (await page.evaluate(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    )) as { scroll: number; client: number };
    expect(widths.scroll, 'page wider than the viewport').toBeLessThanOrEqual(widths.client);
    for (const name of ['复制', '保存为文件', '重新检测']) {
      const button = screen.getByRole('button', { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      await expect(button).toBeInViewport({ ratio: 0.95 });
    }
    await page.screenshot({ path: 'test-results/screenshots/diagnostics-zoom-200.png' });
  });
});
