// `npm run build:electron`: bundles the shell with esbuild into dist/main (main process as
// ESM, preload and token host as CommonJS: a sandboxed preload cannot be a module, and a
// CommonJS host entry works in every utilityProcess) and the packaging hook into dist/build.
// Dependencies stay external: electron-builder ships them in app.asar (native ones unpacked).
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const at = (path: string): string => `${root}${path}`;

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: [at('src-main/app/main.ts')],
    outfile: at('dist/main/main.mjs'),
    format: 'esm',
  }),
  build({
    ...common,
    entryPoints: [at('src-main/app/preload.ts')],
    outfile: at('dist/main/preload.cjs'),
    format: 'cjs',
    // A sandboxed preload can require only 'electron'; everything else is bundled in.
    packages: 'bundle',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: [at('src-main/token/host/host-main.ts')],
    outfile: at('dist/main/token-host.cjs'),
    format: 'cjs',
  }),
  build({
    ...common,
    entryPoints: [at('src-main/app/build/after-pack.ts')],
    outfile: at('dist/build/after-pack.cjs'),
    format: 'cjs',
  }),
]);
await mkdir(at('dist/main/assets'), { recursive: true });
await copyFile(at('src-main/app/assets/tray-icon.png'), at('dist/main/assets/tray-icon.png'));
