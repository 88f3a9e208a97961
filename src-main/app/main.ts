// Entry point of the Electron main process: composes the shell from the small pieces of this
// folder and starts nothing twice. The order matters where Electron says so: the privileged
// scheme before `ready`, the single-instance lock before any window, guards before any page.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, powerMonitor, session, shell, utilityProcess } from 'electron';
import { fileSettingsStore } from '../holder-api/settings-file';
import { startHolderCore } from '../holder-api/start-holder-core';
import { keytarIntegrityKeyStore } from '../bridge/integrity-key';
import { startBridge } from '../bridge/start-bridge';
import { serveAppProtocol, registerAppScheme } from './app-protocol';
import { appPaths } from './app-paths';
import { createUnlistedModuleConfirmation } from './confirm-unlisted-module';
import { createAppTray } from './app-tray';
import { showDesktopNotification } from './desktop-notifications';
import { externalLinkHosts } from './external-link-allowlist';
import { createExternalLinkOpener } from './external-links';
import { registerHolderApiIpc } from './ipc-holder-api';
import { lockOnScreenLock } from './lock-on-screen-lock';
import { idleAnnouncement } from './desktop-idle-policy';
import { lockOnSystemIdle } from './lock-on-system-idle';
import type { HolderApiEvent } from '../contract/holder-api';
import { settingsSchema } from '../contract/holder-api-schemas';
import { settingLimits } from '../contract/holder-settings';
import { createMainWindow } from './main-window';
import { denyAllPermissions } from './permission-policy';
import { fileReminderStore } from './reminder-store';
import { StatusMonitor } from './status-monitor';
import { createUtilityHostLauncher } from './utility-host-launcher';
import { guardWebContents } from './web-contents-guards';

const paths = appPaths(dirname(fileURLToPath(import.meta.url)));
const isDevelopment = !app.isPackaged;
// Tray state and reminders are cheap to refresh; events cover changes in between.
const statusRefreshMs = 60_000;
const openExternal = createExternalLinkOpener((url) => shell.openExternal(url), externalLinkHosts);

registerAppScheme();
// Every webContents the app ever creates gets the navigation and window guards first.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

let mainWindow: BrowserWindow | null = null;

function showMainWindow(): void {
  if (mainWindow === null || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ preloadPath: paths.preloadPath, isDevelopment });
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  serveAppProtocol(session.defaultSession.protocol, paths.rendererDirectory);

  const userData = app.getPath('userData');
  // The same core as browser mode; only the token host launcher and the settings location differ.
  const holderApi = await startHolderCore({
    store: fileSettingsStore(join(userData, 'settings.json')),
    // The host's default 50 ms slot poll: removal must reach every window within 200 ms.
    hostOptions: { launcher: createUtilityHostLauncher(utilityProcess.fork, paths.tokenHostEntry) },
    // A module outside the vendor table loads only after the holder says so in a native dialog.
    confirmUnlistedModule: createUnlistedModuleConfirmation(
      (window, options) => (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options)),
      () => mainWindow,
    ),
  });
  const lock = (): void => void holderApi.dispatcher.dispatch('session:lock', {});
  // The EMR bridge for hospital web pages; its approvals and signature log sit beside the settings.
  const bridge = await startBridge({
    core: holderApi,
    approvalsPath: join(userData, 'bridge-approvals.json'),
    signatureLogPath: join(userData, 'bridge-signatures.jsonl'),
    keychain: keytarIntegrityKeyStore(),
  });
  // A website's request needs the holder's eyes: bring the window forward.
  const disposeBridgeFocus = holderApi.dispatcher.onEvent((event) => {
    if (event.name === 'bridge:request') showMainWindow();
  });

  const tray = createAppTray(paths.trayIcon, { open: showMainWindow, lock, quit: () => app.quit() });
  const monitor = new StatusMonitor({
    dispatcher: holderApi.dispatcher,
    reminders: fileReminderStore(join(userData, 'certificate-reminders.json')),
    now: () => new Date(),
    showTray: (state, language) => tray.show(state, language),
    notify: showDesktopNotification,
  });
  const disposeIpc = registerHolderApiIpc({
    ipcMain,
    dispatcher: holderApi.dispatcher,
    getWindow: () => mainWindow,
    // Login and logout change what the tray shows but raise no event.
    afterCall: (method) => {
      if (method.startsWith('session:')) void monitor.refresh();
    },
  });
  const disposeScreenLock = lockOnScreenLock(powerMonitor, lock);
  const disposeIdleLock = lockOnSystemIdle({
    systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
    autoLockMinutes: async () => {
      const reply = await holderApi.dispatcher.dispatch('settings:get', {});
      const settings = reply.ok ? settingsSchema.safeParse(reply.output) : undefined;
      return settings?.success ? settings.data.autoLockMinutes : settingLimits.autoLockMinutes.default;
    },
    lock: () => void holderApi.dispatcher.dispatch('session:lock', { reason: 'idle' }),
    // Straight to our window: the warning is about this desktop, not a holder-core event.
    announce: (decision) => {
      const window = mainWindow;
      if (window === null || window.isDestroyed()) return;
      window.webContents.send('session:idle' satisfies HolderApiEvent, idleAnnouncement(decision));
    },
  });

  monitor.start(statusRefreshMs);
  showMainWindow();

  app.on('activate', showMainWindow);
  app.once('will-quit', (event) => {
    disposeScreenLock();
    disposeIdleLock();
    disposeIpc();
    disposeBridgeFocus();
    monitor.stop();
    tray.destroy();
    // Electron ends utility processes as it exits: hold the exit until the token host has
    // logged out of every key and finalised the module (it is killed after a few seconds).
    event.preventDefault();
    void bridge
      .close()
      .then(() => holderApi.stop())
      .finally(() => app.exit(0));
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another YiKey owns the keys and the tray; it gets focus through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  // The tray keeps the app (and key watching) alive with no window; Quit is in its menu.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      process.stderr.write(`YiKey failed to start: ${String(error)}\n`);
      app.exit(1);
    });
}
