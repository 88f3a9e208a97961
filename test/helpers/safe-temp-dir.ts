// Temp folders a PKCS#11 module may be loaded from. YiKey refuses modules under /tmp (world-
// writable), so tests that must load a library of their own keep it inside the repository's
// node_modules/.cache (git-ignored, owned by whoever checked out the repository). Files that
// are only read (settings, CA files) keep using os.tmpdir().
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const base = fileURLToPath(new URL('../../node_modules/.cache/yikey-tests', import.meta.url));

export function createSafeTempDir(prefix: string): { directory: string; cleanup(): void } {
  mkdirSync(base, { recursive: true });
  // Not group/world-writable whatever the umask, or nothing in it would be loadable.
  chmodSync(path.dirname(base), 0o755);
  chmodSync(base, 0o755);
  const directory = mkdtempSync(path.join(base, prefix));
  return { directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}
