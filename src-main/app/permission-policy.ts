// The holder's UI needs no browser permission (camera, notifications from the page,
// geolocation, USB/HID/serial, clipboard reads…): the token is reached through the main
// process only. So every request and check is denied, whatever the origin.
import type { Session } from 'electron';

export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}
