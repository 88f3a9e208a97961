// One page's WebSocket: every text frame becomes a JSON-RPC request, checked in this order —
// buffered output, rate, JSON, PIN-like fields, envelope, approval of the origin, method,
// params — before the service (and through it the key) is involved. Every failure is a JSON-RPC
// error; a page that floods or will not read its answers is disconnected.
import type { WebSocket } from 'ws';
import {
  bridgeMethods,
  isBridgeMethod,
  type BridgeMethod,
  type BridgeNotificationName,
  type BridgeServerMessage,
} from '../contract/bridge-wire';
import { BridgeFailure, bridgeCodeOf } from './bridge-failure';
import type { BridgeHandlers } from './bridge-service';
import { applicationError, binaryFrame, invalidParams, methodNotFound, parseFrame } from './json-rpc-frame';
import type { OriginLimits } from './origin-limits';

/** Answers a page has not read yet; a page that stops reading is not allowed to grow this. */
const maxBufferedBytes = 4 * 1024 * 1024;
/** WebSocket close code for a policy violation (RFC 6455). */
const policyViolation = 1008;

export interface RpcConnection {
  origin: string;
  notify(method: BridgeNotificationName, params: unknown): void;
  close(code: number, reason: string): void;
}

export function runRpcConnection(options: {
  socket: WebSocket;
  origin: string;
  handlers: BridgeHandlers;
  limits: OriginLimits;
  isApproved: () => boolean;
  onClose: () => void;
}): RpcConnection {
  const { socket, origin, handlers, limits } = options;
  const pageGone = new AbortController();
  const send = (message: BridgeServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  socket.on('error', () => socket.terminate());
  socket.once('close', () => {
    pageGone.abort();
    options.onClose();
  });

  async function answer(text: string): Promise<void> {
    const rate = limits.request(origin);
    if (rate === 'flood') return socket.close(policyViolation, 'too many requests');
    const parsed = parseFrame(text);
    if (!parsed.ok) return send(parsed.response);
    const { id, method, params } = parsed.request;
    if (rate === 'limited') return send(applicationError(id, 'rate-limited'));
    // An unapproved page learns nothing, not even which methods exist.
    if (!options.isApproved() && method !== 'yikey.hello')
      return send(applicationError(id, 'origin-not-approved'));
    if (!isBridgeMethod(method)) return send(methodNotFound(id));
    const checked = bridgeMethods[method].params.safeParse(params ?? {});
    if (!checked.success)
      return send(
        invalidParams(id, [
          ...new Set(checked.error.issues.map((issue) => issue.path.join('.') || '(params)')),
        ]),
      );
    const handler = handlers[method] as (
      params: unknown,
      call: Parameters<BridgeHandlers[BridgeMethod]>[1],
    ) => Promise<unknown>;
    try {
      const result = await handler(checked.data, {
        origin,
        requestId: id,
        pageGone: pageGone.signal,
        progress: (progress) => send({ jsonrpc: '2.0', method: 'sign.progress', params: progress }),
      });
      send({ jsonrpc: '2.0', id, result });
    } catch (error) {
      send(
        applicationError(
          id,
          bridgeCodeOf(error),
          error instanceof BridgeFailure ? error.pageMessage : undefined,
        ),
      );
    }
  }

  socket.on('message', (data, isBinary) => {
    if (socket.bufferedAmount > maxBufferedBytes) return socket.close(policyViolation, 'answers not read');
    if (isBinary) return send(binaryFrame);
    void answer(data.toString());
  });

  return {
    origin,
    notify(method, params) {
      if (options.isApproved()) send({ jsonrpc: '2.0', method, params });
    },
    close(code, reason) {
      socket.close(code, reason);
    },
  };
}
