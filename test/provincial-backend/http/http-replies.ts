// Small reply helpers with the console's security headers on every answer.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Html } from './html';

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on our own forms.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

export function sendHtml(response: ServerResponse, status: number, body: Html): void {
  send(response, status, Buffer.from(body.text, 'utf8'), 'text/html; charset=utf-8');
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain; charset=utf-8',
): void {
  send(response, status, Buffer.from(text, 'utf8'), type);
}

export function send(
  response: ServerResponse,
  status: number,
  body: Buffer | Uint8Array,
  type: string,
): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Content-Length': body.byteLength });
  response.end(body);
}

export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { ...securityHeaders, Location: location, 'Content-Length': 0 });
  response.end();
}

/** Reads the whole body, refusing (before buffering it) anything over `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes)
    return Promise.reject(new BodyTooLarge(`body of ${declared} bytes exceeds ${maxBytes}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLarge(`body exceeds ${maxBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
