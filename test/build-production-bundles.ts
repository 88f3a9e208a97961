// Vitest global setup: the CLI tests run the built bundles in dist/node, as production does
// (issue 11), so the bundles are brought up to date once before any test starts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildProductionBundles(): void {
  const builder = fileURLToPath(new URL('../src-main/build/build-node.mjs', import.meta.url));
  execFileSync(process.execPath, [builder, '--if-stale'], { stdio: 'inherit' });
}
