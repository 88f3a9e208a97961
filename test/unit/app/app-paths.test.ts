import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../../src-main/app/app-paths';

describe('appPaths', () => {
  it('finds the renderer beside dist/main and the bundles inside it', () => {
    const main = join('/opt', 'YiKey', 'resources', 'app.asar', 'dist', 'main');
    expect(appPaths(main)).toEqual({
      rendererDirectory: join('/opt', 'YiKey', 'resources', 'app.asar', 'dist', 'renderer'),
      preloadPath: join(main, 'preload.cjs'),
      tokenHostEntry: join(main, 'token-host.cjs'),
      trayIcon: join(main, 'assets', 'tray-icon.png'),
    });
  });
});
