// Browser mode: an HTTP server on 127.0.0.1 that serves the built renderer and the holder API
// over a loopback WebSocket at /api. The URL we print carries the launch secret in its
// fragment, which browsers never send to servers; the renderer presents it in its first frame.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { maxTransferFileBytes } from '../contract/holder-api-schemas';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';
import { createLaunchSecret } from './launch-secret';
import { isAllowedHost, isAllowedOrigin } from './loopback-guard';
import { setSecurityHeaders } from './security-headers';
import { runSocketSession } from './socket-session';
import { serveStatic } from './static-files';

export interface WebServerOptions {
  dispatcher: HolderApiDispatcher;
  rendererDirectory: string;
  /** 0 (the default) lets the OS choose a free port. */
  port?: number;
  secret?: string;
}

export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// A file and its signature, base64-encoded, plus the JSON around them.
const maxFrameBytes = Math.ceil((maxTransferFileBytes * 2 * 4) / 3) + 64 * 1024;

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: browser mode is for the holder at this PC, never the network.
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const secret = options.secret ?? createLaunchSecret();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  let port = 0;

  const server = createServer((request, response) => {
    setSecurityHeaders(response, port);
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    serveStatic(request, response, options.rendererDirectory).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/api') return refuseUpgrade(socket, '404 Not Found');
    if (!isAllowedHost(request.headers.host, port)) return refuseUpgrade(socket, '421 Misdirected Request');
    if (!isAllowedOrigin(request.headers.origin, port)) return refuseUpgrade(socket, '403 Forbidden');
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      runSocketSession({ socket: webSocket, dispatcher: options.dispatcher, secret }),
    );
  });

  port = await listen(server, options.port ?? 0);
  return {
    port,
    url: `http://127.0.0.1:${port}/#secret=${secret}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
