// Decides whether a PKCS#11 module file may be loaded, without loading it. Loading a library
// runs its code (ELF constructors run inside dlopen, before C_GetFunctionList is even looked
// up), so a file that another user or program could have written, or could swap later, is
// refused: the file and every folder above it must be owned by root or by us and writable by
// nobody else. The module's own folder gets no exception even when sticky (/tmp): anyone may
// create files there, so a library in it is whatever some other program chose to leave. A
// sticky folder higher up is accepted, as OpenSSH and systemd accept it: nobody but its owner
// may rename or delete the folder of ours inside it (and its owner is checked), so a checkout
// or build under /tmp/…/ stays ours. The caller loads the returned real path, so what is
// loaded is exactly what was checked.
//
// Windows has ACLs, not owner/mode bits: there only "absolute" and "regular file" are checked
// (vendor DLLs live under System32 or Program Files, which ordinary users cannot write).
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { YiKeyError } from '../contract/yikey-error';

export interface ModuleFileCheckOptions {
  /** The user whose own files may be loaded; default process.getuid() (undefined on Windows). */
  uid?: number | undefined;
}

type UnsafeReason = 'not-regular-file' | 'owner' | 'writable-by-others' | 'unreadable';

const groupOrWorldWritable = 0o022;
const stickyBit = 0o1000;

function unsafe(path: string, at: string, reason: UnsafeReason): YiKeyError {
  const why: Record<UnsafeReason, string> = {
    'not-regular-file': 'is not a regular file',
    owner: 'is owned by another user',
    'writable-by-others': 'is writable by other users',
    unreadable: 'cannot be inspected',
  };
  return new YiKeyError('module-file-unsafe', `Refusing to load ${path}: ${at} ${why[reason]}`, {
    path,
    at,
    reason,
  });
}

function statOrRefuse(path: string, at: string): Stats {
  try {
    return lstatSync(at);
  } catch {
    throw unsafe(path, at, 'unreadable');
  }
}

/** Relative to what? It would depend on the working directory of whichever process loads it. */
export function assertModulePathAbsolute(path: string): void {
  if (!isAbsolute(path)) {
    throw new YiKeyError('module-path-relative', `The PKCS#11 module path must be absolute: ${path}`, {
      path,
    });
  }
}

/** Throws a YiKeyError if the module at `path` must not be loaded; returns its real path. */
export function assertModuleFileSafe(path: string, options: ModuleFileCheckOptions = {}): string {
  assertModulePathAbsolute(path);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new YiKeyError('module-not-found', `PKCS#11 module not found: ${path}`, { path });
    }
    throw unsafe(path, path, 'unreadable');
  }
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  const check = (at: string, stats: Stats, stickyAllowed = false): void => {
    if (uid === undefined) return;
    if (stats.uid !== 0 && stats.uid !== uid) throw unsafe(path, at, 'owner');
    const othersMayWrite = (stats.mode & groupOrWorldWritable) !== 0;
    if (othersMayWrite && !(stickyAllowed && (stats.mode & stickyBit) !== 0)) {
      throw unsafe(path, at, 'writable-by-others');
    }
  };
  const file = statOrRefuse(path, real);
  if (!file.isFile()) throw unsafe(path, real, 'not-regular-file');
  check(real, file);
  // realpath resolved every link, so each folder above is a real folder whose owner counts.
  const moduleFolder = dirname(real);
  for (let folder = moduleFolder; ; folder = dirname(folder)) {
    check(folder, statOrRefuse(path, folder), folder !== moduleFolder);
    if (dirname(folder) === folder) break;
  }
  return real;
}
