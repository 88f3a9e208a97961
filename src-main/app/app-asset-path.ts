// Maps an app://yikey/… request to a file inside the built renderer. Anything that would leave
// the renderer directory (.., encoded separators, another host) is refused. Pure module: the
// protocol handler checks that the file exists and falls back to index.html for client routes.
import { join, normalize, resolve, sep } from 'node:path';
import { isAppUrl } from './app-origin';

export type AppAssetLookup = { kind: 'file'; path: string } | { kind: 'refused' };

export function resolveAppAsset(rendererDirectory: string, requestUrl: string): AppAssetLookup {
  if (!isAppUrl(requestUrl)) return { kind: 'refused' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return { kind: 'refused' };
  }
  // A NUL or backslash has no business in our asset names and only helps path tricks.
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'refused' };
  const root = resolve(rendererDirectory);
  const relative = pathname === '/' || pathname === '' ? '/index.html' : pathname;
  const candidate = resolve(join(root, normalize(relative)));
  if (candidate !== root && !candidate.startsWith(root + sep)) return { kind: 'refused' };
  return { kind: 'file', path: candidate };
}
