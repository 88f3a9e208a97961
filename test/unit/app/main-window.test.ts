import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: { options: Electron.BrowserWindowConstructorOptions; loaded: string[] }[] = [];

vi.mock('electron', () => ({
  BrowserWindow: class {
    private readonly record: (typeof created)[number];
    constructor(options: Electron.BrowserWindowConstructorOptions) {
      this.record = { options, loaded: [] };
      created.push(this.record);
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  },
}));

const { createMainWindow } = await import('../../../src-main/app/main-window');

beforeEach(() => {
  created.length = 0;
});

describe('createMainWindow', () => {
  it('hardens the window and loads the UI from app://yikey', () => {
    createMainWindow({ preloadPath: '/app/preload.cjs', isDevelopment: false });
    const [window] = created;
    expect(window?.options.webPreferences).toMatchObject({
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
    expect(window?.loaded).toEqual(['app://yikey/index.html']);
  });

  it('offers devtools only in development', () => {
    createMainWindow({ preloadPath: '/p', isDevelopment: true });
    expect(created[0]?.options.webPreferences?.devTools).toBe(true);
  });

  it('opens at 1280×800 with a minimum size, hidden until ready', () => {
    createMainWindow({ preloadPath: '/p', isDevelopment: false });
    const options = created[0]!.options;
    expect(options).toMatchObject({ width: 1280, height: 800, show: false });
    expect(options.minWidth).toBeLessThanOrEqual(1280);
    expect(options.minHeight).toBeLessThanOrEqual(800);
  });
});
