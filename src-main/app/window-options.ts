// The only place BrowserWindow options are made. Every window of the app gets the hardened
// web preferences of Electron's security checklist; only devtools depend on the build.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script (dist/main/preload.cjs). */
  preloadPath: string;
  /** Unpackaged runs only: devtools are never available in a build a holder installs. */
  isDevelopment: boolean;
  title?: string;
}

export const defaultWindowSize = { width: 1280, height: 800 } as const;
export const minimumWindowSize = { width: 960, height: 640 } as const;

export function mainWindowOptions({
  preloadPath,
  isDevelopment,
  title = '医钥 YiKey',
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title,
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
      devTools: isDevelopment,
    },
  };
}
