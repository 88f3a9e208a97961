// The SDK and the SOF shim as files an EMR page can load —
//   yikey-bridge.mjs      ES module (modern pages, bundlers)
//   yikey-bridge.umd.js   UMD (AMD, CommonJS, or a plain <script> → window.YiKeyBridge)
//   yikey-sof.js          UMD (→ window.YiKeySOF), the GM/T 0020-style shim
//   types/                TypeScript declarations (with --types)
// Browser platform: a Node API or a package such as zod reaching the bundle fails the build
// or the test that reads the bundle (test/unit/bridge-sdk/sdk-bundle.test.ts).
import { build, type BuildOptions } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// From this file's own place; a caller bundled elsewhere (the demo, dist/node) passes its root.
const sourceRepositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const defaultSdkOutput = path.join(sourceRepositoryRoot, 'dist', 'bridge-sdk');
const sdkSources = (root: string): string => path.join(root, 'src-main', 'bridge-sdk');

// UMD around esbuild's IIFE: the IIFE's global name stays local to the wrapper.
const umdBanner = (globalName: string): string =>
  `(function (root, factory) {
  if (typeof define === 'function' && define.amd) define([], factory);
  else if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.${globalName} = factory();
})(typeof self !== 'undefined' ? self : this, function () {`;
const umdFooter = 'return __yikeyUmd;\n});';

const common: BuildOptions = {
  bundle: true,
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
  // Hospitals keep old browsers: ES2017 (async/await) runs in Chrome ≥ 58 and the 360 browsers' cores.
  target: 'es2017',
};

function umd(entry: string, outfile: string, globalName: string): BuildOptions {
  return {
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'iife',
    globalName: '__yikeyUmd',
    banner: { js: umdBanner(globalName) },
    footer: { js: umdFooter },
  };
}

export interface BuildSdkOptions {
  outputDirectory?: string;
  /** The repository (default: found from this file, which only works unbundled). */
  repositoryRoot?: string;
  /** Also emit .d.ts files (runs tsc; a few seconds). */
  types?: boolean;
}

export async function buildBridgeSdk(options: BuildSdkOptions = {}): Promise<string> {
  const output = options.outputDirectory ?? defaultSdkOutput;
  const root = options.repositoryRoot ?? sourceRepositoryRoot;
  const sdkDirectory = sdkSources(root);
  mkdirSync(output, { recursive: true });
  await Promise.all([
    build({
      ...common,
      target: 'es2020',
      entryPoints: [path.join(sdkDirectory, 'index.ts')],
      outfile: path.join(output, 'yikey-bridge.mjs'),
      format: 'esm',
    }),
    build(umd(path.join(sdkDirectory, 'index.ts'), path.join(output, 'yikey-bridge.umd.js'), 'YiKeyBridge')),
    build(umd(path.join(sdkDirectory, 'sof', 'yikey-sof.ts'), path.join(output, 'yikey-sof.js'), 'YiKeySOF')),
  ]);
  if (options.types) {
    const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
    const result = spawnSync(
      tsc,
      ['-p', path.join(sdkDirectory, 'tsconfig.types.json'), '--outDir', path.join(output, 'types')],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`tsc (declarations) failed:\n${result.stdout}${result.stderr}`);
  }
  return output;
}
