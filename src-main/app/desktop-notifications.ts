// Shows an OS notification when the platform supports it; silently does nothing otherwise
// (some Linux desktops have no notification daemon). Never carries a PIN or document content.
import { Notification } from 'electron';
import type { DesktopNotification } from './notification-text';

export function showDesktopNotification({ title, body }: DesktopNotification): void {
  if (!Notification.isSupported()) return;
  new Notification({ title, body, silent: false }).show();
}
