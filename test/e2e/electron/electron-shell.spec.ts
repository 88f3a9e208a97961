// The Electron shell itself, launched with Playwright's _electron (project "electron" only):
// the real main process, the app:// renderer, the preload bridge and the utilityProcess token
// host against a virtual key. Where the Electron binary is missing (our build machines cannot
// download it) the keys fixture skips every test here with the reason, and the config prints it.
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, logIn, saveScreenshot, test } from '../fixtures/holder-test';

const builtMain = fileURLToPath(new URL('../../../dist/main/main.mjs', import.meta.url));

test('the Electron app shows the key, logs in, and locks when the key is pulled out', async ({ keys }) => {
  test.skip(
    !existsSync(builtMain),
    `the Electron shell is not built (${builtMain}); run npm run build:electron`,
  );
  await keys.initKey({ label: 'doctor', days: 20 });
  // Settings and reminders go to a throw-away config folder, never the tester's own.
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'yikey-electron-config-'));
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({
      args: [builtMain, '--no-sandbox'],
      env: { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath, XDG_CONFIG_HOME: configHome },
    });
    const window = await app.firstWindow();
    await expect(window.getByTestId('login-screen')).toBeVisible();

    // The page is the app:// renderer with no Node.js in reach (sandbox, context isolation):
    // only the preload's named functions.
    const url = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
    );
    expect(url).toMatch(/^app:\/\//);
    const pageGlobals = await window.evaluate(() => ({
      require: typeof Reflect.get(globalThis, 'require'),
      process: typeof Reflect.get(globalThis, 'process'),
      bridge: typeof Reflect.get(globalThis, 'yikey'),
    }));
    expect(pageGlobals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });

    await logIn(window, '123456');
    await expect(window.getByTestId('expiry-badge').first()).toHaveText(/^即将过期/);
    await saveScreenshot(window, 'electron-01-certificates');

    await keys.unplug('doctor');
    await expect(window.getByTestId('no-key-screen')).toBeVisible();
  } finally {
    await app?.close();
    rmSync(configHome, { recursive: true, force: true });
  }
});
