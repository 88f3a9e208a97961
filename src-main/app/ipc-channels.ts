// The IPC channels, derived from the contract rather than listed by hand: one invoke channel
// per holder API method and one push channel per event, named exactly like the contract
// (`domain:verb`). Adding a method to the contract adds its channel, its preload function and
// its main-process handler at once. Pure module.
import {
  holderApiEvents,
  holderApiMethods,
  type HolderApiEvent,
  type HolderApiMethod,
} from '../contract/holder-api';

export const holderApiMethodChannels = Object.keys(holderApiMethods) as readonly HolderApiMethod[];
export const holderApiEventChannels = Object.keys(holderApiEvents) as readonly HolderApiEvent[];

/** Builds a record with one entry per contract method (used by the preload). */
export function perMethod<T>(make: (method: HolderApiMethod) => T): Record<HolderApiMethod, T> {
  return Object.fromEntries(holderApiMethodChannels.map((method) => [method, make(method)])) as Record<
    HolderApiMethod,
    T
  >;
}
