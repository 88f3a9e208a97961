// The browser-mode credential. YiKey prints a URL whose fragment (#secret=..., never sent to a
// server or in a Referer) holds a launch secret that works once: the first connection spends
// it and gets a session token for this tab, kept in sessionStorage (this tab only, gone when it
// closes) and used on every reload. The fragment is stripped from the address bar and from the
// history entry at once, so the secret is not shown, bookmarked or shared by accident.
import { browserCredentialSchema, type BrowserCredential } from '../../src-main/contract/holder-api-wire';

const sessionTokenKey = 'yikey.sessionToken';

function fragmentSecret(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1)).get('secret');
  if (fragment === null) return null;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  // A mangled secret is no credential; the holder is told to open the printed URL.
  return browserCredentialSchema.safeParse(fragment).success ? fragment : null;
}

/** A new launch secret from the URL first, else this tab's session token; null when neither. */
export function takeBrowserCredential(): BrowserCredential | null {
  const secret = fragmentSecret();
  if (secret !== null) return { kind: 'launch', value: secret };
  const token = sessionStorage.getItem(sessionTokenKey);
  return token !== null && browserCredentialSchema.safeParse(token).success
    ? { kind: 'session', value: token }
    : null;
}

export function keepSessionToken(token: string): void {
  sessionStorage.setItem(sessionTokenKey, token);
}
