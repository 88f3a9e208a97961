// Browser mode: an HTTP server on 127.0.0.1 that serves the built renderer and the holder API
// over a loopback WebSocket at /api. Every socket is authenticated during the HTTP upgrade,
// before ws reads a single frame: path, Host, Origin, a free slot, then the credential (the
// URL's single-use launch secret or a tab's session token). Whatever a client sends after a
// refusal is never parsed or buffered. Logins are bound to the holder's presence
// (presence-lock.ts).
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  activityReportIntervalMs,
  credentialFromProtocols,
  holderApiSubprotocol,
} from '../contract/holder-api-wire';
import { settingLimits } from '../contract/holder-settings';
import { maxHolderApiMessageBytes } from '../contract/transfer-limits';
import { listenOnLoopback, refuseUpgrade } from '../bridge/loopback-server';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';
import { createBrowserCredentials } from './browser-credentials';
import { isAllowedHost, isAllowedOrigin } from './loopback-guard';
import { createPresenceLock } from './presence-lock';
import { setSecurityHeaders } from './security-headers';
import { runSocketSession } from './socket-session';
import { serveStatic } from './static-files';

export interface WebServerOptions {
  dispatcher: HolderApiDispatcher;
  rendererDirectory: string;
  /** 0 (the default) lets the OS choose a free port. */
  port?: number;
  /** The holder's auto-lock time in ms, read when the server's idle timer is armed. */
  autoLockMs?: () => number;
  /** How long no page may be connected before every key is logged out (default 3 s). */
  presenceGraceMs?: number;
}

export interface RunningWebServer {
  /** The URL printed at start: its launch secret works once. */
  url: string;
  port: number;
  /** Another single-use URL, for a new tab (only the process that started the server can ask). */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

/** The holder's own tabs; more at once is not the holder. */
export const maxOpenSockets = 8;
const defaultPresenceGraceMs = 3_000;

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return header === undefined ? [] : header.split(',').map((protocol) => protocol.trim());
}

const logProblem = (what: string) => (error: unknown) =>
  process.stderr.write(`浏览器模式 Browser mode: ${what}: ${String(error)}\n`);

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { dispatcher } = options;
  const credentials = createBrowserCredentials();
  const autoLockMs = options.autoLockMs ?? (() => settingLimits.autoLockMinutes.default * 60_000);
  const presence = createPresenceLock({
    graceMs: options.presenceGraceMs ?? defaultPresenceGraceMs,
    // The page reports activity at most every interval, so the server waits that much longer.
    idleMs: () => autoLockMs() + activityReportIntervalMs,
    lock: async () => {
      const result = await dispatcher.dispatch('session:lock', { reason: 'idle' });
      if (!result.ok) logProblem('lock failed')(result.error.message);
    },
  });
  // maxPayload fits the largest legitimate call; a bigger message closes its socket with 1009.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxHolderApiMessageBytes,
    handleProtocols: (protocols) => (protocols.has(holderApiSubprotocol) ? holderApiSubprotocol : false),
  });
  sockets.on('error', logProblem('WebSocket server error'));
  let openSockets = 0;
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
    // Node removes its own error handler from upgraded sockets: a reset must not crash us.
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/api') return refuseUpgrade(socket, '404 Not Found');
    if (!isAllowedHost(request.headers.host, port)) return refuseUpgrade(socket, '421 Misdirected Request');
    if (!isAllowedOrigin(request.headers.origin, port)) return refuseUpgrade(socket, '403 Forbidden');
    // Checked before the credential, so a refused connection never spends a launch secret.
    if (openSockets >= maxOpenSockets) return refuseUpgrade(socket, '503 Service Unavailable');
    const protocols = offeredProtocols(request);
    if (!protocols.includes(holderApiSubprotocol)) return refuseUpgrade(socket, '400 Bad Request');
    const credential = credentialFromProtocols(protocols);
    const sessionToken = credential === null ? null : credentials.admit(credential);
    if (sessionToken === null) return refuseUpgrade(socket, '401 Unauthorized');
    // The slot is held until the TCP connection is gone, whether or not the handshake completes.
    openSockets++;
    socket.once('close', () => openSockets--);
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      runSocketSession({
        socket: webSocket,
        dispatcher,
        sessionToken,
        onActivity: presence.activity,
        onClose: presence.rendererConnected(),
      }),
    );
  });

  port = await listenOnLoopback(server, options.port ?? 0);
  server.on('error', logProblem('server error'));
  const launchUrl = (): string => `http://127.0.0.1:${port}/#secret=${credentials.issueLaunchSecret()}`;
  return {
    port,
    url: launchUrl(),
    newLaunchUrl: launchUrl,
    async close() {
      presence.stop();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
