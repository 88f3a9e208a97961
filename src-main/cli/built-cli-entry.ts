// Entry of the built CLI (dist/node/cli.cjs, the package bin's; cli.mjs, the same as an ES module,
// for tools that name that one; src-main/build/build-node.mjs). The CLI itself (main.ts) is
// bundled beside it as cli-body.cjs, one CommonJS file, and runs with the V8 code cache the build
// made for it (build/code-cached-bundle.ts): V8 then neither parses nor compiles what a command's
// start compiled at build time (~25 ms CPU of `yikey tokens`, issue 11).
//
//   node cli.cjs --write-code-cache   the build: runs `yikey --help` (which loads every command's
//                                     module) and writes the cache when the process exits
import { fileURLToPath } from 'node:url';
import { runCodeCachedBundle, writeCodeCache, writeCodeCacheFlag } from '../build/code-cached-bundle';
import { prestartTokenHostFor } from './prestart-for-command';

const bundlePath = fileURLToPath(new URL('./cli-body.cjs', import.meta.url));
const writingCache = process.argv[2] === writeCodeCacheFlag;
if (writingCache) {
  // The program reads process.argv: the build's run is a plain `yikey --help`.
  process.argv.splice(2, process.argv.length - 2, '--help');
} else {
  // Before reading the bundle: the host starts sooner, and forking this process while it is
  // small is cheaper (the fork copies its page tables). The bundle's main.ts finds it started.
  prestartTokenHostFor(process.argv);
}

if (writingCache) {
  const script = runCodeCachedBundle(bundlePath, false);
  process.on('exit', () => writeCodeCache(script, bundlePath));
} else {
  // One turn of the event loop first: the connection to a standby host completes there, and what
  // was written to it (the claim, the early initialize) leaves before the bundle's load keeps this
  // thread busy for tens of milliseconds — the host works on it meanwhile.
  setImmediate(() => runCodeCachedBundle(bundlePath));
}
