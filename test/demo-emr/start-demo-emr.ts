// Starts the demo EMR: an https server on 127.0.0.1 (its own origin, so YiKey treats it as any
// hospital site), the page, the API and a SQLite file of accepted signatures.
//
//   const emr = await startDemoEmr({ trustedCaFile, bridgePort, dataDirectory });
//   console.log(emr.url);  …  await emr.stop();
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createEmrApi } from './emr-api';
import { EmrSessions } from './emr-sessions';
import { openEmrStore, type StoredSignature } from './emr-store';
import { buildPageAssets } from './page-assets';
import { selfSignedTlsCertificate } from './tls-certificate';

export interface DemoEmrOptions {
  /** PEM file of the CA(s) whose certificates may log in and sign (the provincial CA). */
  trustedCaFile: string;
  /** YiKey's bridge port the page connects to (default 27183, the SDK's own default). */
  bridgePort?: number;
  /** Where signatures.sqlite lives. */
  dataDirectory: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Plain http (only for a YiKey whose policy file lists this origin). Default https. */
  http?: boolean;
}

export interface DemoEmr {
  url: string;
  origin: string;
  port: number;
  databaseFile: string;
  signatures(): StoredSignature[];
  stop(): Promise<void>;
}

function securityHeaders(response: ServerResponse, bridgePort: number): void {
  response.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${bridgePort} ws://127.0.0.1:${bridgePort + 1} ws://127.0.0.1:${bridgePort + 2}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
}

export async function startDemoEmr(options: DemoEmrOptions): Promise<DemoEmr> {
  const bridgePort = options.bridgePort ?? 27183;
  mkdirSync(options.dataDirectory, { recursive: true });
  const databaseFile = path.join(options.dataDirectory, 'signatures.sqlite');
  const store = openEmrStore(databaseFile);
  const assets = await buildPageAssets();
  const trustedCaPem = readFileSync(options.trustedCaFile, 'utf8');
  const sessions = new EmrSessions();
  let api: ReturnType<typeof createEmrApi> | null = null;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    securityHeaders(response, bridgePort);
    const pathname = new URL(request.url ?? '/', 'https://emr.invalid').pathname;
    if (pathname.startsWith('/api/') && api) {
      void api(request, response, pathname);
      return;
    }
    const asset = request.method === 'GET' ? assets.get(pathname) : undefined;
    response.statusCode = asset ? 200 : 404;
    response.setHeader('Content-Type', asset?.type ?? 'text/plain; charset=utf-8');
    response.end(asset?.body ?? 'not found');
  };
  const server = options.http
    ? createHttpServer(handle)
    : createHttpsServer(selfSignedTlsCertificate(), handle);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.http ? 'http' : 'https'}://127.0.0.1:${port}`;
  api = createEmrApi({
    origin,
    bridgePort,
    trustedCaPem,
    trustedCaFile: options.trustedCaFile,
    sessions,
    store,
  });
  return {
    url: `${origin}/`,
    origin,
    port,
    databaseFile,
    signatures: () => store.list(),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}
