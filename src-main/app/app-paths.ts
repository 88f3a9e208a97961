// Where the built pieces sit relative to the bundled main script (dist/main/main.mjs, inside
// app.asar once packaged). build:electron writes exactly these names. Pure module.
import { join } from 'node:path';

export interface AppPaths {
  rendererDirectory: string;
  preloadPath: string;
  tokenHostEntry: string;
  trayIcon: string;
}

export function appPaths(mainDirectory: string): AppPaths {
  return {
    rendererDirectory: join(mainDirectory, '..', 'renderer'),
    preloadPath: join(mainDirectory, 'preload.cjs'),
    tokenHostEntry: join(mainDirectory, 'token-host.cjs'),
    trayIcon: join(mainDirectory, 'assets', 'tray-icon.png'),
  };
}
