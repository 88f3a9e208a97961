// Who may talk to browser mode. A page on another site can resolve its own name to 127.0.0.1
// (DNS rebinding) or open a WebSocket to us from its origin; both are refused here before any
// holder function is reachable. Only our own loopback names, on our own port, pass.

const loopbackNames = ['127.0.0.1', 'localhost'];

export function allowedHostHeaders(port: number): string[] {
  return loopbackNames.map((name) => `${name}:${port}`);
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHostHeaders(port).includes(hostHeader.toLowerCase());
}

/** Browsers always send Origin on WebSocket handshakes; a missing one is not a browser we serve. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  return (
    originHeader !== undefined && allowedHostHeaders(port).some((host) => originHeader === `http://${host}`)
  );
}
