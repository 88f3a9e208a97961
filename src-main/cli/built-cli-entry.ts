// Entry of the built CLI (dist/node/cli.cjs, the package bin's; cli.mjs, the same as an ES module,
// for tools that name that one; src-main/build/build-node.mjs). The CLI itself (main.ts) is
// bundled beside it as cli-body.cjs, one CommonJS file, and runs with the V8 code cache the build
// made for it (build/code-cached-bundle.ts): V8 then neither parses nor compiles what a command's
// start compiled at build time (~25 ms CPU of `yikey tokens`, issue 11). There is one cache per
// command, holding what that command's start compiles (cli-body.cjs.tokens.v8cache, …), and one
// for everything else (help, an unknown command): `yikey tokens` reads 0.58 MB, not 1.3 MB.
//
//   node cli.cjs --write-code-cache [COMMAND]   the build: runs `yikey [COMMAND] --help` (which
//                                               loads that command's module, or every one) and
//                                               the host protocol's schemas (build/code-cache-run.ts),
//                                               and writes its cache when the process exits
import { fileURLToPath } from 'node:url';
import { isCodeCacheRun, runCodeCachedBundle, writeCodeCache } from '../build/code-cached-bundle';
import { markWritingCodeCache } from '../build/code-cache-run';
import { commandName } from './command-name';
import { prestartTokenHostFor } from './prestart-for-command';

const bundlePath = fileURLToPath(new URL('./cli-body.cjs', import.meta.url));
/** A command's name is a lowercase word: anything else has no cache of its own. */
const commandCacheName = (name: string | undefined): string | undefined =>
  name && /^[a-z][a-z-]{0,31}$/.test(name) ? name : undefined;

if (isCodeCacheRun(process.argv, process.env)) {
  const command = commandCacheName(process.argv[3]);
  // A name the start would never look up would overwrite the cache of all commands instead.
  if (process.argv[3] !== undefined && command === undefined) {
    throw new Error(`no code cache can be named after the command "${process.argv[3]}"`);
  }
  // The program reads process.argv: the build's run is a plain `yikey [COMMAND] --help`.
  process.argv.splice(2, process.argv.length - 2, ...(command ? [command] : []), '--help');
  markWritingCodeCache();
  const script = runCodeCachedBundle(bundlePath, false);
  process.on('exit', () => writeCodeCache(script, bundlePath, command));
} else {
  // Before reading the bundle: the host starts sooner, and forking this process while it is
  // small is cheaper (the fork copies its page tables). The bundle's main.ts finds it started.
  prestartTokenHostFor(process.argv);
  const variant = commandCacheName(commandName(process.argv.slice(2)));
  // One turn of the event loop first: the connection to a standby host completes there, and what
  // was written to it (the claim, the early initialize) leaves before the bundle's load keeps this
  // thread busy for tens of milliseconds — the host works on it meanwhile.
  setImmediate(() => runCodeCachedBundle(bundlePath, { variant }));
}
