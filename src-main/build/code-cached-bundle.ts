// Runs a CommonJS bundle with the V8 code cache the build made for it (NAME.cjs.v8cache beside
// NAME.cjs), so V8 neither parses nor compiles again what start-up compiled at build time. Used
// by the small entries of the two processes every CLI command starts: the token host
// (token/host/built-host-entry.ts) and the CLI (cli/built-cli-entry.ts). Node 20 has no compile
// cache for ES modules (`module.enableCompileCache` is Node 22), but `vm.Script` accepts V8's
// cached data for a script (issue 11).
//
// Without a usable cache (another Node or V8 version, other flags, a missing file) V8 checks,
// ignores it and compiles as usual. Only the build writes the cache, beside the code it belongs
// to, so it is exactly as trusted as that code.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type CommonJsBody = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/** The argument with which the build asks an entry to write its bundle's code cache. */
export const writeCodeCacheFlag = '--write-code-cache';
/** Set by the build alongside the flag: a holder typing the flag gets an unknown option, not a rewrite. */
export const writeCodeCacheVariable = 'YIKEY_BUILD_WRITES_CODE_CACHE';

/** Whether this process is the build's cache-making run: the flag at `argv[2]`, and the build's variable. */
export const isCodeCacheRun = (argv: readonly string[], environment: NodeJS.ProcessEnv): boolean =>
  argv[2] === writeCodeCacheFlag && environment[writeCodeCacheVariable] === '1';

/**
 * The cache of a bundle, or of one way of running it (`variant`: the CLI keeps one per command,
 * holding only what that command compiles — a smaller cache is read and checked faster).
 */
export const codeCachePathOf = (bundlePath: string, variant?: string): string =>
  variant ? `${bundlePath}.${variant}.v8cache` : `${bundlePath}.v8cache`;

/** The variant's cache, else the bundle's own, else none (not built yet: V8 compiles the source). */
function readCodeCache(bundlePath: string, variant: string | undefined): Buffer | undefined {
  const candidates = new Set([codeCachePathOf(bundlePath, variant), codeCachePathOf(bundlePath)]);
  for (const cachePath of candidates) {
    try {
      return readFileSync(cachePath);
    } catch {
      // Missing: the next one.
    }
  }
  return undefined;
}

/**
 * The wrapper Node itself puts around a CommonJS file (and, like Node, without a `#!` line); the
 * build and every start wrap alike, so the cache matches the source it was made from.
 */
export function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source.replace(/^#!.*/, '')}\n})`;
}

/**
 * Runs the bundle's top level with its code cache (`variant`'s if there is one); without it when
 * `cache` is false. Returns the script.
 */
export function runCodeCachedBundle(
  bundlePath: string,
  cache: { variant?: string | undefined } | false = {},
): Script {
  const script = new Script(wrapCommonJs(readFileSync(bundlePath, 'utf8')), {
    filename: bundlePath,
    cachedData: cache ? readCodeCache(bundlePath, cache.variant) : undefined,
  });
  const bundleModule = { exports: {} };
  (script.runInThisContext() as CommonJsBody).call(
    bundleModule.exports,
    bundleModule.exports,
    createRequire(bundlePath),
    bundleModule,
    bundlePath,
    dirname(bundlePath),
  );
  return script;
}

/**
 * The build's step: after code ran (the top level, or a whole command), the cache holds every
 * function compiled so far, not only the outline. Written aside and renamed: a reader never sees
 * half a cache.
 */
export function writeCodeCache(script: Script, bundlePath: string, variant?: string): void {
  const cachePath = codeCachePathOf(bundlePath, variant);
  writeFileSync(`${cachePath}.tmp`, script.createCachedData());
  renameSync(`${cachePath}.tmp`, cachePath);
}
