// What a host is told to load when it starts: one function, so that the request a command sends
// ahead (early-initialize.ts) and the one its TokenHostClient sends are the same whenever the
// module is. The shape is host-protocol.ts's (a type only: nothing of zod is loaded here).
import { isDeepStrictEqual } from 'node:util';
import type { HostParams } from './host-protocol';
import type { ModuleChoice } from './module-locator';

/** How often the host looks for keys plugged in or pulled out when nobody says otherwise. */
export const defaultPollIntervalMs = 50;

export type InitializeParams = HostParams<'initialize'>;

export function initializeParamsFor(
  module: ModuleChoice,
  pollIntervalMs = defaultPollIntervalMs,
): InitializeParams {
  return {
    modulePath: module.path,
    pollIntervalMs,
    reinitializeAfterRemoval: module.vendor?.reinitializeAfterRemoval ?? false,
  };
}

/** Every field alike (a field added to the protocol later is compared too). */
export const sameInitializeParams = (a: InitializeParams, b: InitializeParams): boolean =>
  isDeepStrictEqual(a, b);
