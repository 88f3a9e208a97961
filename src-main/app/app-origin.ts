// The one origin the holder's UI is loaded from: app://yikey, a privileged custom scheme that
// serves the built renderer. IPC handlers, navigation guards and the protocol handler all ask
// this file whether a URL is ours, so "ours" is defined once. Pure module.

export const appScheme = 'app';
export const appHost = 'yikey';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * True only for app://yikey/… with no user, password or port. Compared field by field because
 * Node's URL reports origin "null" for custom schemes, and a prefix test would accept
 * app://yikey.evil or app://yikey@evil.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.hostname === appHost &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
