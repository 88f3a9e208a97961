// The signing screen as a busy doctor uses it (issue 7 §5): who will sign is shown first with
// the certificate's status; files come from a Chinese-labelled button (keyboard too) or by drag
// and drop; 全部保存 saves every .p7s; a batch can be cancelled, and a key pulled out mid-batch
// keeps the signatures already made and says why the rest stopped. Every saved .p7s is checked
// by OpenSSL against the virtual key's CA.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { opensslCmsVerify } from '../helpers/openssl';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';
import type { BrowserModeProcess } from './fixtures/browser-mode-process';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

const chooseLabel = '选择要签名的文件（可多选）';

function writeLetters(directory: string, count: number): string[] {
  mkdirSync(directory, { recursive: true });
  return Array.from({ length: count }, (_, index) => {
    const path = join(directory, `病历-${index + 1}.txt`);
    writeFileSync(path, `患者：${index + 1}号床\n诊断：第${index + 1}份\n医师：张三\n`);
    return path;
  });
}

/** Saves a download and checks it with OpenSSL against the original it claims to sign. */
async function expectVerifies(download: Download, originals: string[], caFile: string, directory: string) {
  const name = download.suggestedFilename();
  const original = originals.find((path) => `${path.split('/').pop()}.p7s` === name);
  expect(original, `a download named after one of the files, got ${name}`).toBeDefined();
  const signature = join(directory, `saved-${name}`);
  await download.saveAs(signature);
  const verification = opensslCmsVerify({ content: original!, signature, caFile });
  expect(verification.output).toContain('Verification successful');
  expect(verification.ok).toBe(true);
}

async function openSigning(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '签名文件' }).click();
  await expect(page.getByTestId('sign-screen')).toBeVisible();
}

const items = (page: Page) => page.getByTestId('sign-item');

/** Five letters signing on a key that takes 0.8 s a signature; returns once the first is signed. */
async function startSlowBatchOfFive(
  page: Page,
  keys: VirtualKeyHome,
  startApp: () => Promise<BrowserModeProcess>,
  directory: string,
): Promise<string[]> {
  await keys.initKey({ label: 'doctor', days: 200 });
  await keys.setLatency('doctor', { op: 'C_Sign', ms: 800 });
  const app = await startApp();
  const letters = writeLetters(directory, 5);
  await openSigning(page, app.url);
  await page.getByLabel(chooseLabel).setInputFiles(letters);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(items(page).first()).toContainText('已签名', { timeout: 10_000 });
  return letters;
}

test('who will sign is shown before the button: name, unit, key label and the status badge', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', days: 20 });
  const app = await startApp();
  await openSigning(page, app.url);
  const summary = page.getByTestId('signer-summary');
  await expect(summary).toContainText('将以此身份签名');
  await expect(summary.getByTestId('signer-name')).toHaveText('张三');
  await expect(summary.getByTestId('expiry-badge')).toHaveText(/即将过期·(19|20)天/);
  await expect(summary).toContainText('doctor');
  // Before the button in reading order, so it is read before anything is signed.
  const summaryBox = await summary.boundingBox();
  const buttonBox = await page.getByRole('button', { name: '签名', exact: true }).boundingBox();
  expect(summaryBox!.y).toBeLessThan(buttonBox!.y);
  await saveScreenshot(page, 'sign-batch-01-who-signs');
  await expectNoAxeViolations(page, 'who will sign');
});

test('the 选择文件 button works from the keyboard: Tab reaches it, Space opens the chooser', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', days: 200 });
  const app = await startApp();
  const [letter] = writeLetters(testInfo.outputDir, 1);
  await openSigning(page, app.url);
  // The browser's own "Choose Files" text is nowhere; the Chinese button is.
  await expect(page.getByText('选择文件', { exact: true })).toBeVisible();
  await expect(page.getByText(/Choose Files|No file chosen/)).toHaveCount(0);

  const input = page.getByLabel(chooseLabel);
  await page.getByRole('button', { name: '签名文件' }).focus();
  const inputId = await input.getAttribute('id');
  // Strings run in the page: the e2e specs are type-checked without DOM typings.
  for (let presses = 0; presses < 40; presses++) {
    if ((await page.evaluate('document.activeElement?.id')) === inputId) break;
    await page.keyboard.press('Tab');
  }
  await expect(input).toBeFocused();
  // The focus shows on the visible button, not on the hidden input.
  const outline = await page.evaluate(
    "getComputedStyle(document.querySelector('.file-chooser-button')).outlineStyle",
  );
  expect(outline).toBe('solid');
  await saveScreenshot(page, 'sign-batch-02-button-focused');

  const chooserPromise = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  const chooser = await chooserPromise;
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(letter!);
  await expect(items(page)).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '签名', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(items(page).first()).toContainText('已签名');
});

test('files dropped on the zone are signed; 全部保存 downloads every .p7s and OpenSSL accepts each', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', days: 200 });
  const app = await startApp();
  const letters = writeLetters(testInfo.outputDir, 3);
  await openSigning(page, app.url);
  await expect(page.getByTestId('drop-zone')).toContainText('拖放文件到此处');

  // A real drop event carrying a DataTransfer made in the page, with the files' real bytes.
  const payload = letters.map((path) => ({ name: path.split('/').pop()!, text: readFileSync(path, 'utf8') }));
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const file of ${JSON.stringify(payload)}) {
      transfer.items.add(new File([file.text], file.name, { type: 'text/plain' }));
    }
    return transfer;
  })()`);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await expect(zone).toHaveClass(/drop-zone-over/);
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(items(page)).toHaveCount(3);
  await expect(zone).not.toHaveClass(/drop-zone-over/);

  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 3 / 3')).toBeVisible();
  await saveScreenshot(page, 'sign-batch-03-signed-save-all');
  await expectNoAxeViolations(page, 'batch signed');

  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await page.getByRole('button', { name: '全部保存（3个）' }).click();
  await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(3);
  const names = downloads.map((download) => download.suggestedFilename()).sort();
  expect(names).toEqual(['病历-1.txt.p7s', '病历-2.txt.p7s', '病历-3.txt.p7s']);
  for (const download of downloads) {
    await expectVerifies(download, letters, keys.caPath, testInfo.outputDir);
  }
});

test('取消 stops a running batch: finished signatures stay and verify, the rest say 未签名：已取消', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  const letters = await startSlowBatchOfFive(page, keys, startApp, testInfo.outputDir);
  await page.getByRole('button', { name: '取消', exact: true }).click();

  await expect(page.getByTestId('sign-stopped')).toContainText('已取消');
  await expect(page.getByRole('button', { name: '取消', exact: true })).toHaveCount(0);
  const signed = await items(page).filter({ hasText: '已签名' }).count();
  const cancelled = await items(page).filter({ hasText: '未签名：已取消' }).count();
  expect(signed).toBeGreaterThanOrEqual(1);
  expect(cancelled).toBeGreaterThanOrEqual(1);
  expect(signed + cancelled).toBe(5);
  await saveScreenshot(page, 'sign-batch-04-cancelled');
  await expectNoAxeViolations(page, 'batch cancelled');

  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await page.getByRole('button', { name: `全部保存（${signed}个）` }).click();
  await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(signed);
  for (const download of downloads) {
    await expectVerifies(download, letters, keys.caPath, testInfo.outputDir);
  }

  // The cancelled files can still be signed afterwards: 签名 picks up where it stopped.
  await keys.setLatency('doctor', { op: 'C_Sign', ms: 0 });
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 5 / 5')).toBeVisible();
  await expect(items(page).filter({ hasText: '已签名' })).toHaveCount(5);
});

test('USBKEY pulled out mid-batch: finished signatures stay (and verify), the rest say 未签名：USBKEY已拔出', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  const letters = await startSlowBatchOfFive(page, keys, startApp, testInfo.outputDir);
  await keys.unplug('doctor');

  // The no-key screen appears, with the interrupted batch above it.
  await expect(page.getByTestId('no-key-screen')).toBeVisible();
  const panel = page.getByTestId('sign-interrupted');
  await expect(panel.getByTestId('sign-stopped')).toContainText('USBKEY已拔出', { timeout: 10_000 });
  const panelItems = panel.getByTestId('sign-item');
  await expect(panelItems).toHaveCount(5);
  const signed = await panelItems.filter({ hasText: '已签名' }).count();
  const unplugged = await panelItems.filter({ hasText: '未签名：USBKEY已拔出' }).count();
  expect(signed).toBeGreaterThanOrEqual(1);
  expect(unplugged).toBeGreaterThanOrEqual(1);
  expect(signed + unplugged).toBe(5);
  await saveScreenshot(page, 'sign-batch-05-unplugged');
  await expectNoAxeViolations(page, 'batch interrupted by removal');

  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await panel.getByRole('button', { name: `全部保存（${signed}个）` }).click();
  await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(signed);
  for (const download of downloads) {
    await expectVerifies(download, letters, keys.caPath, testInfo.outputDir);
  }

  // 关闭 forgets the batch: the file names do not stay on screen for the next person.
  await panel.getByRole('button', { name: '关闭', exact: true }).click();
  await expect(page.getByTestId('sign-interrupted')).toHaveCount(0);
});

test('退出登录 forgets the batch: after logging in again no file name of it is on the signing screen', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const letters = writeLetters(testInfo.outputDir, 2);
  await openSigning(page, app.url);
  await page.getByLabel(chooseLabel).setInputFiles(letters);
  await page.getByRole('button', { name: '签名', exact: true }).click();
  await expect(page.getByText('已完成 2 / 2')).toBeVisible();
  await expect(items(page)).toHaveCount(2);

  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await logIn(page, '123456');
  await page.getByRole('button', { name: '签名文件' }).click();
  await expect(page.getByTestId('sign-screen')).toBeVisible();
  await expect(items(page)).toHaveCount(0);
  await expect(page.getByText('病历-1.txt')).toHaveCount(0);
});
