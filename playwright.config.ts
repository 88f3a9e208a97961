// End-to-end tests of the holder's app. Project "browser" drives Debian's Chromium against
// browser mode (always). Project "electron" runs the same specs in the Electron shell where
// its binary exists; here (no Electron download) every test in it is skipped with the reason.
import { defineConfig } from '@playwright/test';
import { electronUnavailableReason } from './test/e2e/fixtures/electron-availability';

const skipElectron = electronUnavailableReason();
// Printed once, by the main Playwright process (workers load this file too).
if (skipElectron && process.env.TEST_WORKER_INDEX === undefined)
  process.stdout.write(`[e2e] electron project skipped: ${skipElectron}\n`);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  // Each test starts a token host, a virtual key and a browser; two cores take one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'browser', use: { browserName: 'chromium' } },
    { name: 'electron', use: { browserName: 'chromium' }, metadata: { shell: 'electron' } },
  ],
});
