// What YiKey's two local HTTP servers (the EMR bridge here, browser mode in src-main/web) do the
// same way: listen on 127.0.0.1 only, and turn a WebSocket upgrade away with a bare status.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** Answers an upgrade request with `status` and no body, then closes the socket. */
export function refuseUpgrade(socket: Duplex, status: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Listens on `port` (0: any free one) and resolves with the port in use. */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: both servers answer pages in this PC's browser, never the network.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
