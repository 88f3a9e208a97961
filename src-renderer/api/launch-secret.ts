// The browser-mode secret arrives in the URL fragment (#secret=...), which is never sent to a
// server or in a Referer. We move it to sessionStorage (this tab only, gone when it closes) and
// strip it from the address bar so it is not shown, bookmarked or shared by accident.
const storageKey = 'yikey.launchSecret';

export function takeLaunchSecret(): string | null {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('secret');
  if (fromFragment) {
    sessionStorage.setItem(storageKey, fromFragment);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(storageKey);
}
