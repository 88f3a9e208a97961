// The tray icon and its menu: the state line, an alert line for a certificate that needs
// renewing, a line for approved requests that wait for the holder, and Open / Lock / Quit. Rendering only; the state comes from status-monitor.ts.
import { Menu, Tray, nativeImage } from 'electron';
import type { Language } from '../contract/error-messages';
import { trayLabels } from './tray-labels';
import type { TrayState } from './tray-state';

export interface AppTrayActions {
  open: () => void;
  lock: () => void;
  quit: () => void;
}

export interface AppTray {
  show(state: TrayState, language: Language): void;
  destroy(): void;
}

export function createAppTray(iconPath: string, actions: AppTrayActions): AppTray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.on('click', actions.open);
  const render = (state: TrayState, language: Language): void => {
    const labels = trayLabels(state, language);
    tray.setToolTip([labels.status, labels.alert, labels.requests].filter(Boolean).join('\n'));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: labels.status, enabled: false },
        ...(labels.alert ? [{ label: labels.alert, enabled: false }] : []),
        ...(labels.requests ? [{ label: labels.requests, enabled: false }] : []),
        { type: 'separator' },
        { label: labels.open, click: actions.open },
        { label: labels.lock, click: actions.lock, enabled: state.key === 'logged-in' },
        { type: 'separator' },
        { label: labels.quit, click: actions.quit },
      ]),
    );
  };
  render({ key: 'no-key', certificateAlert: null, requestsToFinish: 0 }, 'zh-CN');
  return { show: render, destroy: () => tray.destroy() };
}
