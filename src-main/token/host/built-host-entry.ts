// Entry of the built token host (dist/node/token-host.cjs, which host-process.ts forks, and
// token-host.mjs for tools that name that one; src-main/build/build-node.mjs). The host itself
// (host-main.ts) is bundled beside it as token-host-body.cjs; this runs that bundle with the V8
// code cache the build made for it (build/code-cached-bundle.ts): about half of the CPU time the
// host spends loading, and every CLI command waits for the host (issue 11). The forked entry is
// CommonJS: Node then starts without its ES module loader (~6 ms CPU less).
//
//   node token-host.cjs --write-code-cache   the build: runs the host's top level and parses typical
//                                            requests (build/code-cache-run.ts), writes the cache, exits
import { fileURLToPath } from 'node:url';
import { markWritingCodeCache } from '../../build/code-cache-run';
import { isCodeCacheRun, runCodeCachedBundle, writeCodeCache } from '../../build/code-cached-bundle';
import { isUsableStandbySocket, standbySocketVariable } from '../standby-address';
import { listenEarly } from './standby-listen-early';
import { standbyArgument } from './standby-successor';

const bundlePath = fileURLToPath(new URL('./token-host-body.cjs', import.meta.url));
const writingCache = isCodeCacheRun(process.argv, process.env);
const standbySocket = process.env[standbySocketVariable];
// A standby binds its socket before reading its bundle (standby-listen-early.ts says why).
if (process.argv.includes(standbyArgument) && standbySocket && isUsableStandbySocket(standbySocket)) {
  listenEarly(standbySocket);
}

if (writingCache) markWritingCodeCache(); // host-main.ts then also parses typical requests.
const script = runCodeCachedBundle(bundlePath, writingCache ? false : {});

if (writingCache) {
  // After the top level ran: the cache then holds the functions start-up compiled, not only the outline.
  writeCodeCache(script, bundlePath);
  process.exit(0);
}
