// The window factory: the only place BrowserWindow options are made. Every window gets the
// hardened web preferences of Electron's security checklist; only devtools depend on the build.
// The options are written out at the constructor on purpose: that is where reviewers and
// electronegativity look for them. Navigation, window and permission guards are app-wide
// (main.ts); the UI comes from app://yikey.
import { BrowserWindow } from 'electron';
import { appEntryUrl } from './app-origin';

export interface MainWindowInput {
  /** Absolute path of the bundled preload script (dist/main/preload.cjs). */
  preloadPath: string;
  /** Unpackaged runs only: devtools are never available in a build a holder installs. */
  isDevelopment: boolean;
}

export const defaultWindowSize = { width: 1280, height: 800 } as const;
export const minimumWindowSize = { width: 960, height: 640 } as const;

export function createMainWindow({ preloadPath, isDevelopment }: MainWindowInput): BrowserWindow {
  const window = new BrowserWindow({
    title: '医钥 YiKey',
    width: defaultWindowSize.width,
    height: defaultWindowSize.height,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    // Shown on ready-to-show, so the holder never sees an empty white frame.
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open links in new windows, bypassing setWindowOpenHandler's intent.
      disableBlinkFeatures: 'Auxclick',
      devTools: isDevelopment,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}
