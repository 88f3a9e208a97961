// Serves the built renderer (dist/renderer) read-only. Paths are resolved inside the root and
// anything outside it is refused; unknown paths fall back to index.html for client routing.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import { mediaTypeOf } from '../renderer-assets/media-types';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const rootDirectory = resolve(root);
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const candidate = resolve(join(rootDirectory, normalize(pathname)));
  const inside = candidate === rootDirectory || candidate.startsWith(rootDirectory + sep);
  const indexPath = join(rootDirectory, 'index.html');
  const path = inside && (await isFile(candidate)) ? candidate : indexPath;
  if (!(await isFile(path))) {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The renderer is not built yet: run `npm run build:renderer`.\n');
    return;
  }
  const body = await readFile(path);
  response.writeHead(200, {
    'Content-Type': mediaTypeOf(path),
    // Hashed asset names may be cached; index.html must always be fresh.
    'Cache-Control': path === indexPath ? 'no-store' : 'max-age=31536000, immutable',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
