// Serves the built renderer on app://yikey. The scheme is registered as standard and secure so
// the page gets a real origin ('self' in the CSP means exactly our files) and secure-context
// APIs, without loading the UI from file:// (which would share an origin with every local
// file) or from a loopback server (which any local process could talk to).
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { protocol } from 'electron';
import { findAppAssetFile } from './app-asset-path';
import { appResponseHeaders } from './app-security-headers';
import { appEntryUrl, appScheme } from './app-origin';

/** Must run before the app's `ready` event (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      // No bypassCSP, no service workers, no streaming: only what a bundled SPA needs.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

async function fileResponse(path: string): Promise<Response> {
  const body = await readFile(path);
  return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(path) });
}

export function serveAppProtocol(sessionProtocol: Protocol, rendererDirectory: string): void {
  sessionProtocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    // Real paths: a symlink in the renderer folder that points outside it is refused (404).
    const asset = await findAppAssetFile(rendererDirectory, request.url);
    if (asset.kind === 'refused') return new Response(null, { status: 404 });
    if (asset.kind === 'file') return fileResponse(asset.path);
    // Client-side routes have no file of their own; the SPA entry handles them.
    const index = await findAppAssetFile(rendererDirectory, appEntryUrl);
    if (index.kind === 'file') return fileResponse(index.path);
    return new Response('The renderer is not built yet: run `npm run build:renderer`.\n', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  });
}
