// The backend's one HTTP server on loopback: the CMP endpoint, the CRL, the CA certificate and
// the approval console. Every socket and request error is handled; a body over its cap is
// refused before it is buffered; a Host that is not this loopback address is refused (DNS
// rebinding), and a browser POST from another origin too. Open sockets and CMP messages in
// work are capped, so a flood is turned away instead of exhausting the server.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BackendService } from '../workflow/backend-service';
import { ConsoleRoutes } from './console-routes';
import { ClientRateLimit, type RateLimitOptions } from './client-rate-limit';
import { BodyTooLarge, readBody, redirect, send, sendText } from './http-replies';

/** Larger than any CMP message we expect (cmp's MAX_PKI_MESSAGE_BYTES is 256 KiB). */
export const maxCmpBodyBytes = 256 * 1024;

/** Open sockets at most: more are closed at once, so a flood cannot exhaust descriptors or memory. */
export const maxConnections = 128;
/** CMP messages processed at once (each may sign on the CA token); more get 503 with Retry-After. */
export const maxCmpInFlight = 8;
/** CMP messages per remote address (serve --cmp-rate/--cmp-burst): far above a polling YiKey. */
export const defaultCmpRateLimit: RateLimitOptions = { perSecond: 20, burst: 60 };

export type CmpHandler = (der: Buffer) => Promise<Uint8Array> | Uint8Array;

export type BackendServerOptions = {
  service: BackendService;
  cmp: CmpHandler;
  crl: () => Buffer;
  caPem: string;
  port: number;
  rateLimit?: RateLimitOptions;
};

export type RunningServer = { server: http.Server; port: number; origin: string; close(): Promise<void> };

export async function startBackendServer(options: BackendServerOptions): Promise<RunningServer> {
  const consoleRoutes = new ConsoleRoutes(options.service);
  let origin = '';
  const server = http.createServer({
    requestTimeout: 30_000,
    headersTimeout: 10_000,
    maxHeaderSize: 16 * 1024,
  });
  server.maxConnections = maxConnections;
  let cmpInFlight = 0;
  const rateLimit = new ClientRateLimit(options.rateLimit ?? defaultCmpRateLimit);
  // Longer than a client's own idle timeout, so a client never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    request.on('error', () => response.destroy());
    response.on('error', () => request.destroy());
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      if (error instanceof BodyTooLarge) {
        response.setHeader('Connection', 'close');
        return sendText(response, 413, `请求过大 Request too large: ${error.message}`);
      }
      process.stderr.write(
        `backend: ${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      sendText(response, 500, '服务器内部错误 Internal server error');
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host, port())) return sendText(response, 421, 'Unknown host');
    const url = new URL(request.url ?? '/', origin);
    const sameOrigin = [origin, `http://localhost:${port()}`];
    if (request.method === 'POST' && request.headers.origin && !sameOrigin.includes(request.headers.origin))
      return sendText(response, 403, 'Cross-origin request refused');
    if (url.pathname === '/.well-known/cmp') {
      if (request.method !== 'POST') return sendText(response, 405, 'POST application/pkixcmp');
      if ((request.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/pkixcmp')
        return sendText(response, 415, 'Content-Type must be application/pkixcmp');
      // Before the body is read: a client over its rate costs no buffering and no parsing.
      const waitSeconds = rateLimit.take(request.socket.remoteAddress ?? '');
      if (waitSeconds !== null) {
        response.setHeader('Retry-After', String(waitSeconds));
        response.setHeader('Connection', 'close');
        return sendText(response, 429, '请求过于频繁，请稍后重试 Too many requests from this address');
      }
      const der = await readBody(request, maxCmpBodyBytes);
      if (cmpInFlight >= maxCmpInFlight) {
        response.setHeader('Retry-After', '1');
        return sendText(response, 503, '服务繁忙，请稍后重试 Busy, try again shortly');
      }
      cmpInFlight++;
      try {
        return send(response, 200, await options.cmp(der), 'application/pkixcmp');
      } finally {
        cmpInFlight--;
      }
    }
    if (request.method === 'GET' && url.pathname === '/crl')
      return send(response, 200, options.crl(), 'application/pkix-crl');
    if (request.method === 'GET' && url.pathname === '/ca.pem')
      return sendText(response, 200, options.caPem, 'application/x-pem-file');
    if (request.method === 'GET' && url.pathname === '/') return redirect(response, '/console');
    if (await consoleRoutes.handle(request, response, url)) return;
    sendText(response, 404, '未找到 Not found');
  }

  const port = (): number => (server.address() as AddressInfo).port;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => process.stderr.write(`backend: server error: ${error.message}\n`));
  origin = `http://127.0.0.1:${port()}`;
  return {
    server,
    port: port(),
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** This loopback address, with or without the port (OpenSSL's CMP client sends no port). */
function hostAllowed(host: string | undefined, port: number): boolean {
  return ['127.0.0.1', 'localhost', `127.0.0.1:${port}`, `localhost:${port}`].includes(host ?? '');
}
