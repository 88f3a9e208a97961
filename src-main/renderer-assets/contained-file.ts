// Whether a path names a regular file that really lies inside the renderer folder. The check is
// made on real paths (symlinks resolved, in the folder itself too): a link placed in the folder
// that points elsewhere (to /etc/shadow, to the holder's documents) must not be served, and a
// purely textual check would follow it. Both servers of the built renderer use this.
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';

export type ContainedFile =
  | { kind: 'file'; path: string }
  /** Nothing there (or not a regular file): a client route, served by index.html. */
  | { kind: 'missing' }
  /** Resolves outside the folder: refused. */
  | { kind: 'outside' };

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `candidate` must already be absolute and textually inside `root`. */
export async function containedFile(root: string, candidate: string): Promise<ContainedFile> {
  let realRoot: string;
  let realCandidate: string;
  try {
    realRoot = await realpath(root);
    realCandidate = await realpath(candidate);
  } catch {
    return { kind: 'missing' };
  }
  if (!isInside(realRoot, realCandidate)) return { kind: 'outside' };
  const info = await stat(realCandidate).catch(() => null);
  // The real path is what gets read: the file that was checked.
  return info?.isFile() ? { kind: 'file', path: realCandidate } : { kind: 'missing' };
}
