// Maps an app://yikey/… request to a file inside the built renderer. Anything that would leave
// the renderer directory (.., encoded separators, another host) is refused: first by the path's
// text (resolveAppAsset, pure), then by its real path on disk (findAppAssetFile), so a symlink
// inside the folder that points outside it is refused too. The protocol handler falls back to
// index.html for client routes (paths with no file).
import { join, normalize, resolve, sep } from 'node:path';
import { containedFile } from '../renderer-assets/contained-file';
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

export type AppAssetFile = { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'refused' };

/** The real file to serve for a request; symlinks are resolved before the containment check. */
export async function findAppAssetFile(rendererDirectory: string, requestUrl: string): Promise<AppAssetFile> {
  const lookup = resolveAppAsset(rendererDirectory, requestUrl);
  if (lookup.kind === 'refused') return lookup;
  const found = await containedFile(resolve(rendererDirectory), lookup.path);
  return found.kind === 'outside' ? { kind: 'refused' } : found;
}
