// `npm run build:electron`: bundles the shell with esbuild into dist/main (main process as
// ESM, preload and token host as CommonJS: a sandboxed preload cannot be a module, and a
// CommonJS host entry works in every utilityProcess) and the packaging hook into dist/build.
// The options are the ones the Node entries use (src-main/build/esbuild-options.mjs): native
// packages stay external (electron-builder ships them unpacked), the rest is bundled.
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleOptions, esmOutputOptions } from '../../build/esbuild-options.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const at = (path: string): string => `${root}${path}`;

const common: BuildOptions = { ...bundleOptions, target: 'node22' };

await Promise.all([
  build({
    ...common,
    entryPoints: [at('src-main/app/main.ts')],
    outfile: at('dist/main/main.mjs'),
    ...esmOutputOptions,
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
    // Runs inside electron-builder at packaging time, where the dev dependencies are installed.
    packages: 'external',
  }),
]);
await mkdir(at('dist/main/assets'), { recursive: true });
await copyFile(at('src-main/app/assets/tray-icon.png'), at('dist/main/assets/tray-icon.png'));
