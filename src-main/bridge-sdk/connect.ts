// Finds YiKey on this PC: the configured port, then the two fallbacks YiKey moves to when the
// port is taken by another program. The first port whose service says hello with our protocol
// wins. For a site the holder has not approved yet, hello waits while YiKey asks the holder.
import { YiKeyBridgeError } from './bridge-error';
import { localNetworkPermission } from './local-network-permission';
import { JsonRpcConnection } from './json-rpc-connection';
import { browserSocketFactory, openSocket, type CreateSocket, type WebSocketLike } from './websocket-like';
import { YiKeyBridgeClient } from './yikey-bridge-client';
import { bridgeProtocol, defaultBridgePort } from '../contract/bridge-constants';
import type { HelloResult } from './wire-types';

export { defaultBridgePort };

export interface ConnectOptions {
  /** The port hospital IT configured in YiKey (default 27183). */
  port?: number;
  /** Tried in order when nothing answers on `port` (default port+1, port+2). */
  fallbackPorts?: number[];
  /** Per-port time to open the socket (default 3 s; loopback refuses at once when nothing listens). */
  openTimeoutMs?: number;
  /** Time for hello, which includes the holder's first-contact decision (YiKey gives 2 min). */
  helloTimeoutMs?: number;
  /** Another WebSocket implementation (tests, or a non-browser page host). */
  createSocket?: CreateSocket;
}

function portsToTry(options: ConnectOptions): number[] {
  const port = options.port ?? defaultBridgePort;
  const fallbacks = options.fallbackPorts ?? [port + 1, port + 2];
  const ports = [port, ...fallbacks];
  for (const candidate of ports) {
    if (!Number.isInteger(candidate) || candidate < 1 || candidate > 65535) {
      throw new YiKeyBridgeError('invalid-params');
    }
  }
  return ports;
}

function isHello(result: unknown): result is HelloResult {
  if (typeof result !== 'object' || result === null) return false;
  const hello = result as Partial<HelloResult>;
  return (
    hello.protocol === bridgeProtocol &&
    typeof hello.appVersion === 'string' &&
    Array.isArray(hello.capabilities) &&
    typeof hello.keyPresent === 'boolean'
  );
}

type HelloOutcome = { ok: true; hello: HelloResult; nextId: number } | { ok: false; error: YiKeyBridgeError };

/** Says hello on a fresh socket, with a connection that exists only for this exchange. */
async function sayHello(socket: WebSocketLike, timeoutMs: number): Promise<HelloOutcome> {
  const probe = new JsonRpcConnection(
    socket,
    () => undefined,
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new YiKeyBridgeError('protocol-mismatch')), timeoutMs);
  });
  try {
    const result = await Promise.race([probe.call('yikey.hello', {}), timeout]);
    return isHello(result)
      ? { ok: true, hello: result, nextId: probe.peekNextId() }
      : { ok: false, error: new YiKeyBridgeError('protocol-mismatch') };
  } catch (error) {
    return { ok: false, error: error as YiKeyBridgeError };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects to YiKey and says hello. Rejects with a YiKeyBridgeError:
 * not-running (nothing answered), local-network-denied (the browser blocked the page),
 * protocol-mismatch (something else listens there), origin-not-approved / user-cancelled
 * (the holder did not allow this site), or what else YiKey answered.
 */
export async function connect(options: ConnectOptions = {}): Promise<YiKeyBridgeClient> {
  const createSocket = options.createSocket ?? browserSocketFactory();
  if (!createSocket) throw new YiKeyBridgeError('not-running');
  let mismatch: YiKeyBridgeError | null = null;
  for (const port of portsToTry(options)) {
    const url = `ws://127.0.0.1:${port}/`;
    const outcome = await openSocket(createSocket, url, options.openTimeoutMs ?? 3_000);
    if (!outcome.opened) continue;
    const hello = await sayHello(outcome.socket, options.helloTimeoutMs ?? 150_000);
    if (hello.ok) return new YiKeyBridgeClient(outcome.socket, hello.hello, url, hello.nextId);
    outcome.socket.close();
    // YiKey itself answered no (the holder refused this site, …): that is the answer.
    if (hello.error.code !== 'protocol-mismatch' && hello.error.code !== 'connection-lost') throw hello.error;
    mismatch = hello.error;
  }
  if (mismatch) throw mismatch;
  if ((await localNetworkPermission()) === 'denied') throw new YiKeyBridgeError('local-network-denied');
  throw new YiKeyBridgeError('not-running');
}
