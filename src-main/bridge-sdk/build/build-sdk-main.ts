// `npm run build:sdk`: builds the SDK, the SOF shim and their declarations into dist/bridge-sdk/.
// (Its own file: a bundle that imports build-sdk.ts, like the demo's, must not run this.)
import path from 'node:path';
import { buildBridgeSdk } from './build-sdk';

buildBridgeSdk({ types: true })
  .then((output) => process.stdout.write(`SDK built in ${path.relative(process.cwd(), output) || '.'}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
