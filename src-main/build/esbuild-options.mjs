// The esbuild options every YiKey bundle shares (Node entries: build-node.mjs; the Electron
// shell: src-main/app/build/build-electron.ts). Plain JavaScript so that `npm ci` can run it
// with bare Node, before anything else is built.
//
// Everything is bundled except native packages: they load a compiled .node file from their
// own folder (and electron is the runtime itself). One file per entry means Node reads and
// compiles one script at start-up instead of resolving hundreds of package files.

/** Packages that stay as imports: native addons, the Electron runtime, and esbuild (its binary; the demo EMR builds its page). */
export const nativePackages = ['pkcs11js', 'better-sqlite3', 'keytar', 'electron', 'esbuild'];

/**
 * zod's entry re-exports every message locale (`z.locales`, ~260 KB of the 470 KB zod adds to a
 * bundle) although only English, the default, is ever used: YiKey writes its own messages. Every
 * process that validates a message (the CLI, the token host, browser mode) would read and compile
 * them at start-up. The index of locales is replaced by one that exports English only.
 * @type {import('esbuild').Plugin}
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  external: nativePackages,
  sourcemap: false,
  // Half the bytes for V8 to read and compile at every start; names are kept for stack traces
  // and for code that looks at a class's name.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
};

/**
 * For ESM output: bundled CommonJS dependencies (ws, commander …) call require() for Node's
 * built-ins, which an ES module does not have; this gives them one.
 * @type {import('esbuild').BuildOptions}
 */
export const esmOutputOptions = {
  format: 'esm',
  banner: {
    js: "import { createRequire as yikeyCreateRequire } from 'node:module'; const require = yikeyCreateRequire(import.meta.url);",
  },
};
