// The one way the app opens a URL outside itself. Only https URLs whose host is on the
// allowlist go to the OS browser; everything else (file:, javascript:, custom schemes that
// launch other programs, http) is refused. Pure apart from the injected opener.

export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    allowedHosts.includes(parsed.hostname.toLowerCase())
  );
}

export type ExternalLinkOpener = (url: string) => boolean;

/** Returns an opener that hands allowed URLs to `openExternal` and reports whether it did. */
export function createExternalLinkOpener(
  openExternal: (url: string) => Promise<void>,
  allowedHosts: readonly string[],
): ExternalLinkOpener {
  return (url) => {
    if (!isAllowedExternalUrl(url, allowedHosts)) return false;
    void openExternal(url).catch(() => undefined);
    return true;
  };
}
