// The server side of the holder API: validates every input against the contract, runs the
// handler, validates the output, and turns any failure into a SerializedError with a stable
// code. Every door to the renderer (browser-mode WebSocket, Electron IPC) goes through here.
import { holderApiMethods, isHolderApiMethod } from '../contract/holder-api';
import type { ResponseResult } from '../contract/holder-api-wire';
import { YiKeyError } from '../contract/yikey-error';
import type { BridgeControl } from './bridge-control';
import { translateHolderEvent, type ApiEvent } from './event-translation';
import { methodHandlers, type HandlerContext } from './method-handlers';
import { RecentErrors } from './recent-errors';

export type HolderApiDispatcherOptions = Omit<
  HandlerContext,
  'announceLock' | 'recentErrors' | 'bridge' | 'requests'
> & { requests?: HandlerContext['requests'] };

export interface HolderApiDispatcher {
  dispatch(method: unknown, input: unknown): Promise<ResponseResult>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The EMR bridge started: its methods answer and its requests reach every window. */
  attachBridge(bridge: BridgeControl): void;
  close(): void;
}

export function createHolderApiDispatcher(options: HolderApiDispatcherOptions): HolderApiDispatcher {
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent): void => listeners.forEach((listener) => listener(event));
  const recentErrors = new RecentErrors();
  let bridge: BridgeControl | null = null;
  let unsubscribeBridge = (): void => undefined;
  const context: HandlerContext = {
    ...options,
    requests: options.requests ?? null,
    bridge: () => bridge,
    recentErrors: () => recentErrors.list(),
    announceLock: (reason) =>
      emit({ name: 'session:locked', payload: { reason, at: new Date().toISOString() } }),
  };
  const unsubscribe = options.holder.onEvent((event) => translateHolderEvent(event).forEach(emit));
  const unsubscribeRequests =
    options.requests?.onChanged((payload) => emit({ name: 'requests:changed', payload })) ??
    ((): void => undefined);

  async function run(method: unknown, input: unknown): Promise<unknown> {
    if (!isHolderApiMethod(method)) throw new YiKeyError('invalid-input', `Unknown method ${String(method)}`);
    const parsed = holderApiMethods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      // zod's message names fields, never echoes values, so a PIN cannot leak through it.
      throw new YiKeyError('invalid-input', `Invalid input for ${method}`, {
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`),
      });
    }
    const handler = methodHandlers[method] as (input: unknown, context: HandlerContext) => Promise<unknown>;
    const output = holderApiMethods[method].output.safeParse(await handler(parsed.data, context));
    if (!output.success) throw new YiKeyError('internal-error', `The reply to ${method} broke the contract`);
    return output.data;
  }

  return {
    async dispatch(method, input) {
      try {
        return { ok: true, output: await run(method, input) };
      } catch (error) {
        const yikeyError = YiKeyError.from(error);
        // Only a contract method's name is kept: the method string comes from the renderer.
        recentErrors.record(isHolderApiMethod(method) ? method : 'unknown-method', yikeyError.code);
        return {
          ok: false,
          error: { code: yikeyError.code, message: yikeyError.message, details: yikeyError.details },
        };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attachBridge(attached) {
      unsubscribeBridge();
      bridge = attached;
      unsubscribeBridge = attached.onEvent(emit);
    },
    close() {
      unsubscribe();
      unsubscribeRequests();
      unsubscribeBridge();
      listeners.clear();
    },
  };
}
