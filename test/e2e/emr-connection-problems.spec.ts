// What the EMR page tells the doctor when it cannot reach YiKey, told apart by the SDK:
// nothing listening (YiKey not started) → not-running; the browser blocking the page from the
// loopback address (Chrome's Local Network Access, here forced by treating the EMR's address as
// public) → local-network-denied, which names the site setting and the IT policy instead.
import { chromium } from '@playwright/test';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { startDemoEmrProcess } from './fixtures/demo-emr-process';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

test.use({ ignoreHTTPSErrors: true });

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('YiKey not running: the EMR says to start YiKey', async ({ page, keys }, testInfo) => {
  await keys.initKey({ label: 'doctor' });
  const emr = await startDemoEmrProcess({
    trustedCaFile: keys.caPath,
    bridgePort: await closedPort(),
    dataDirectory: join(testInfo.outputDir, 'demo-emr'),
  });
  try {
    await page.goto(emr.url);
    await page.getByRole('button', { name: '使用USBKEY证书登录' }).click();
    await expect(page.getByRole('status')).toContainText('登录失败：未连接到医钥，请确认医钥已启动。');
    await page.getByText('详细信息').click();
    await expect(page.getByRole('status')).toContainText('not-running');
    await saveScreenshot(page, 'emr-06-not-running');
    await expectNoAxeViolations(page, 'demo EMR, YiKey not running');
  } finally {
    await emr.stop();
  }
});

test('the browser blocks the page from the loopback address: the EMR says local network access is denied', async ({
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const bridgePort = Number(new URL(await app.bridgeAddress()).port);
  const emr = await startDemoEmrProcess({
    trustedCaFile: keys.caPath,
    bridgePort,
    dataDirectory: join(testInfo.outputDir, 'demo-emr'),
    http: true,
  });
  // Chromium treats the EMR's address as the public internet, so reaching 127.0.0.1 from it is a
  // local network access; an http page cannot even be asked, so the browser denies it.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', `--ip-address-space-overrides=127.0.0.1:${new URL(emr.url).port}=public`],
  });
  try {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(emr.url);
    await page.getByRole('button', { name: '使用USBKEY证书登录' }).click();
    await expect(page.getByRole('status')).toContainText('浏览器禁止本网站连接本机的医钥');
    await page.getByText('详细信息').click();
    await expect(page.getByRole('status')).toContainText('local-network-denied');
    await saveScreenshot(page, 'emr-07-local-network-denied');
  } finally {
    await browser.close();
    await emr.stop();
  }
});
