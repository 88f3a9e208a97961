// Maps the façade's events to the contract's renderer events. A crash is reported once the
// host is back ('host-restarted'), together with session:locked, because every login is gone.
import type { HolderApiEvent, HolderApiEventPayload } from '../contract/holder-api';
import type { HolderEvent } from '../holder/holder-service';

export type ApiEvent = {
  [E in HolderApiEvent]: { name: E; payload: HolderApiEventPayload<E> };
}[HolderApiEvent];

export function translateHolderEvent(event: HolderEvent): ApiEvent[] {
  switch (event.type) {
    case 'token-inserted':
      return [{ name: 'token:inserted', payload: { slotId: event.slotId, at: event.at } }];
    case 'token-removed':
      return [{ name: 'token:removed', payload: { slotId: event.slotId, at: event.at } }];
    case 'logged-out':
      // The façade logged out of every key because one was pulled out; say so to every window
      // only now, when it is true (a failed logout restarts the host instead: host-restarted).
      return [{ name: 'session:locked', payload: { reason: event.reason, at: event.at } }];
    case 'host-restarted':
      return [
        { name: 'host:restarted', payload: { at: event.at } },
        { name: 'session:locked', payload: { reason: 'host-restarted', at: event.at } },
      ];
    case 'host-crashed':
      return [];
  }
}
