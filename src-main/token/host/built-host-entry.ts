// Entry of the built token host (dist/node/token-host.cjs, which host-process.ts forks, and
// token-host.mjs for tools that name that one; src-main/build/build-node.mjs). The host itself
// (host-main.ts) is bundled beside it as token-host-body.cjs; this runs that bundle with the V8
// code cache the build made for it (token-host-body.cjs.v8cache), so V8 neither parses nor
// compiles again what the host's start-up compiled at build time: about half of the CPU time
// the host spends loading, and every CLI command waits for the host (issue 11; Node 20 has no
// compile cache for ES modules). Without a usable cache (another Node or V8 version, a missing
// file) V8 checks, ignores it and compiles as usual. Only the build writes the cache, beside the
// code it belongs to, so it is exactly as trusted as that code. The forked entry is CommonJS:
// Node starts a CommonJS main without its ES module loader (~6 ms CPU less).
//
//   node token-host.cjs --write-code-cache   the build: runs the host's top level, writes the cache, exits
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

type CommonJsBody = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

const bundlePath = fileURLToPath(new URL('./token-host-body.cjs', import.meta.url));
const cachePath = `${bundlePath}.v8cache`;
const writingCache = process.argv.includes('--write-code-cache');

function readCodeCache(): Buffer | undefined {
  if (writingCache) return undefined;
  try {
    return readFileSync(cachePath);
  } catch {
    return undefined; // Not built (yet): V8 compiles from the source.
  }
}

// The wrapper Node itself puts around a CommonJS file; the build and every start wrap alike, so
// the cache matches the source it was made from.
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundlePath, 'utf8')}\n})`,
  { filename: bundlePath, cachedData: readCodeCache() },
);
const bundleModule = { exports: {} };
(script.runInThisContext() as CommonJsBody).call(
  bundleModule.exports,
  bundleModule.exports,
  createRequire(bundlePath),
  bundleModule,
  bundlePath,
  dirname(bundlePath),
);

if (writingCache) {
  // After the top level ran: the cache then holds the functions start-up compiled, not only the outline.
  writeFileSync(`${cachePath}.tmp`, script.createCachedData());
  renameSync(`${cachePath}.tmp`, cachePath);
  process.exit(0);
}
