// The demo EMR's page, built at start: the page script (which bundles the SDK from source) and
// the SDK's own distributable files (npm run build:sdk's output), served under /sdk/ so a
// hospital developer can see exactly what they would load. Building here means the demo and the
// tests always run the SDK as it is built, not a stale copy.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBridgeSdk } from '../../src-main/bridge-sdk/build/build-sdk';

// Two folders below the repository, as the demo's bundle (dist/node/demo.mjs) is: the same
// relative path finds the repository from the source and from the bundle.
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const pageDirectory = path.join(repositoryRoot, 'test', 'demo-emr', 'page');

export interface PageAsset {
  type: string;
  body: Buffer;
}

export async function buildPageAssets(): Promise<Map<string, PageAsset>> {
  const sdkDirectory = mkdtempSync(path.join(tmpdir(), 'demo-emr-sdk-'));
  try {
    await buildBridgeSdk({ outputDirectory: sdkDirectory, repositoryRoot });
    const page = await build({
      entryPoints: [path.join(pageDirectory, 'emr-page.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2020',
      write: false,
      logLevel: 'warning',
    });
    const javascript = 'text/javascript; charset=utf-8';
    const assets = new Map<string, PageAsset>([
      ['/', { type: 'text/html; charset=utf-8', body: readFileSync(path.join(pageDirectory, 'index.html')) }],
      [
        '/emr.css',
        { type: 'text/css; charset=utf-8', body: readFileSync(path.join(pageDirectory, 'emr.css')) },
      ],
      ['/emr-page.js', { type: javascript, body: Buffer.from(page.outputFiles[0]!.contents) }],
      [
        '/sof-demo.html',
        { type: 'text/html; charset=utf-8', body: readFileSync(path.join(pageDirectory, 'sof-demo.html')) },
      ],
    ]);
    for (const file of ['yikey-bridge.mjs', 'yikey-bridge.umd.js', 'yikey-sof.js']) {
      assets.set(`/sdk/${file}`, { type: javascript, body: readFileSync(path.join(sdkDirectory, file)) });
    }
    return assets;
  } finally {
    rmSync(sdkDirectory, { recursive: true, force: true });
  }
}
