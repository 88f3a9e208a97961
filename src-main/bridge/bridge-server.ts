// The bridge's socket: HTTP on 127.0.0.1 only, upgraded to WebSocket after the checks of
// upgrade-guard.ts and the connection caps, all decided from the request headers before ws
// reads a frame. Refused connections are destroyed unread. A page from an origin the holder
// has not approved gets a 4 KiB message limit; approval raises it (message-limit.ts).
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { bridgeLimits, type BridgeNotificationName } from '../contract/bridge-wire';
import type { BridgeHandlers } from './bridge-service';
import { raiseMessageLimit } from './message-limit';
import type { OriginApprovals } from './origin-approvals';
import { OriginLimits } from './origin-limits';
import { runRpcConnection, type RpcConnection } from './rpc-connection';
import { listenOnLoopback, refuseUpgrade } from './loopback-server';
import { checkUpgrade } from './upgrade-guard';

export interface BridgeServer {
  port: number;
  /** Sends a notification to every connection of an approved origin. */
  broadcast(method: BridgeNotificationName, params: unknown): void;
  /** The origin was approved: its open connections may send full-size requests. */
  originApproved(origin: string): void;
  /** The holder revoked the origin: its connections end. */
  disconnectOrigin(origin: string): void;
  close(): Promise<void>;
}

export async function startBridgeServer(options: {
  port: number;
  handlers: BridgeHandlers;
  approvals: OriginApprovals;
}): Promise<BridgeServer> {
  const { handlers, approvals } = options;
  const limits = new OriginLimits();
  const connections = new Set<RpcConnection & { socketOf: import('ws').WebSocket }>();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: bridgeLimits.unapprovedMessageBytes,
    // A request is one small JSON text: a page never needs many fragments.
    maxFragments: 64,
    perMessageDeflate: false,
  });
  sockets.on('error', () => undefined);
  let port = 0;

  // A client that opens TCP and never finishes its request (slowloris) is cut off after 5 s
  // (checked every second), and raw connections are capped before they are HTTP at all.
  const server = createServer(
    { headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    (_request, response) => {
      // Nothing here for plain HTTP, and no CORS headers: pages talk WebSocket only.
      response
        .writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' })
        .end('Upgrade Required\n');
    },
  );
  server.maxConnections = 4 * bridgeLimits.connectionsTotal;
  server.on('clientError', (_error, socket) => socket.destroy());

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error handler from upgraded sockets: a reset must not crash us.
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade({
      url: request.url,
      host: request.headers.host,
      origin: request.headers.origin,
      port,
      mayConnect: (origin) => approvals.mayConnect(origin),
    });
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status);
    const release = limits.admit(verdict.origin, approvals.isApproved(verdict.origin));
    if (release === null) return refuseUpgrade(socket, '503 Service Unavailable');
    // The slot is held until the TCP connection is gone, whether or not the handshake completes.
    socket.once('close', release);
    const origin = verdict.origin;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      if (approvals.isApproved(origin)) raiseMessageLimit(webSocket, bridgeLimits.approvedMessageBytes);
      const connection = runRpcConnection({
        socket: webSocket,
        origin,
        handlers,
        limits,
        isApproved: () => approvals.isApproved(origin),
        onClose: () => connections.delete(entry),
      });
      const entry = Object.assign(connection, { socketOf: webSocket });
      connections.add(entry);
    });
  });

  port = await listenOnLoopback(server, options.port);
  server.on('error', () => undefined);
  return {
    port,
    broadcast(method, params) {
      for (const connection of connections) connection.notify(method, params);
    },
    originApproved(origin) {
      for (const connection of connections)
        if (connection.origin === origin)
          raiseMessageLimit(connection.socketOf, bridgeLimits.approvedMessageBytes);
    },
    disconnectOrigin(origin) {
      for (const connection of connections)
        if (connection.origin === origin) connection.close(1008, 'approval revoked');
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
