import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../src-main/app/window-options';

describe('mainWindowOptions', () => {
  it('hardens every window', () => {
    const { webPreferences } = mainWindowOptions({ preloadPath: '/app/preload.cjs', isDevelopment: false });
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('offers devtools only in development', () => {
    expect(mainWindowOptions({ preloadPath: '/p', isDevelopment: true }).webPreferences?.devTools).toBe(true);
  });

  it('opens at 1280×800 with a minimum size, hidden until ready', () => {
    const options = mainWindowOptions({ preloadPath: '/p', isDevelopment: false });
    expect(options).toMatchObject({ width: 1280, height: 800, show: false });
    expect(options.minWidth).toBeLessThanOrEqual(1280);
    expect(options.minHeight).toBeLessThanOrEqual(800);
  });
});
