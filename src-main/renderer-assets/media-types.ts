// Content types of the built renderer's files, shared by the two ways it is served: Electron's
// app:// protocol (src-main/app) and browser mode's loopback HTTP server (src-main/web).
import { extname } from 'node:path';

const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Unknown extensions are served as opaque bytes, never guessed (with nosniff beside it). */
export function mediaTypeOf(filePath: string): string {
  return mediaTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
