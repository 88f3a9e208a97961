// What a host is told to load when it starts: one function, so that the request a command sends
// ahead (early-initialize.ts) and the one its TokenHostClient sends are the same whenever the
// module is.
import type { ModuleChoice } from './module-locator';

/** How often the host looks for keys plugged in or pulled out when nobody says otherwise. */
export const defaultPollIntervalMs = 50;

export interface InitializeParams {
  modulePath: string;
  pollIntervalMs: number;
  reinitializeAfterRemoval: boolean;
}

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

export const sameInitializeParams = (a: InitializeParams, b: InitializeParams): boolean =>
  a.modulePath === b.modulePath &&
  a.pollIntervalMs === b.pollIntervalMs &&
  a.reinitializeAfterRemoval === b.reinitializeAfterRemoval;
