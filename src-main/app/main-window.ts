// Creates the holder's window from the one options factory and loads the UI from app://yikey.
// Navigation, window and permission guards are applied app-wide in main.ts.
import { BrowserWindow } from 'electron';
import { appEntryUrl } from './app-origin';
import { mainWindowOptions } from './window-options';

export interface MainWindowInput {
  preloadPath: string;
  isDevelopment: boolean;
}

export function createMainWindow({ preloadPath, isDevelopment }: MainWindowInput): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preloadPath, isDevelopment }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}
