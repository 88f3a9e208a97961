// Serves the built renderer (dist/renderer) read-only. A path is served only when its real
// path (symlinks resolved) is a regular file inside the renderer folder; one that resolves
// outside is refused with 404, and unknown paths fall back to index.html for client routing.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import { containedFile } from '../renderer-assets/contained-file';
import { mediaTypeOf } from '../renderer-assets/media-types';

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
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
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return notFound(response);
  }
  if (pathname.includes('\0')) return notFound(response);
  const candidate = resolve(join(rootDirectory, normalize(pathname)));
  if (candidate !== rootDirectory && !candidate.startsWith(rootDirectory + sep)) return notFound(response);
  const requested = await containedFile(rootDirectory, candidate);
  if (requested.kind === 'outside') return notFound(response);
  const index = await containedFile(rootDirectory, join(rootDirectory, 'index.html'));
  const served = requested.kind === 'file' ? requested : index;
  if (served.kind !== 'file') {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The renderer is not built yet: run `npm run build:renderer`.\n');
    return;
  }
  const body = await readFile(served.path);
  const isIndex = index.kind === 'file' && served.path === index.path;
  response.writeHead(200, {
    'Content-Type': mediaTypeOf(served.path),
    // Hashed asset names may be cached; index.html must always be fresh.
    'Cache-Control': isIndex ? 'no-store' : 'max-age=31536000, immutable',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
