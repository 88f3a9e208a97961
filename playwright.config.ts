// End-to-end tests of the holder's app. Project "browser" drives Debian's Chromium against
// browser mode (always). Project "electron" launches the packaged shell (dist/main) with
// Playwright's _electron where the Electron binary exists; here (no Electron download) its
// tests are skipped with the printed reason.
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
    // Every spec against browser mode in Debian's Chromium.
    { name: 'browser', use: { browserName: 'chromium' }, testIgnore: 'electron/**' },
    // The real Electron app through Playwright's _electron (test/e2e/electron/); skipped with
    // the printed reason where the binary is missing. It never re-runs browser mode.
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
