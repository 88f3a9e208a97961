// Default-deny for everything a page could do to leave our origin: navigation, redirects, new
// windows and <webview>. Applied to every webContents the app creates (main.ts hooks
// 'web-contents-created'), so a future window cannot forget it. Links the holder clicks go
// through the allowlisted opener instead.
import type { WebContents } from 'electron';
import type { ExternalLinkOpener } from './external-links';

export function guardWebContents(contents: WebContents, openExternal: ExternalLinkOpener): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternal(url);
  });
  contents.on('will-frame-navigate', (event) => {
    // Sub-frames have no business navigating; the main frame is covered by will-navigate.
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
