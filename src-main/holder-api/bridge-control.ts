// What the holder's window may do with the EMR bridge, seen from the API: read its state, answer
// a request, revoke an approval. The bridge (src-main/bridge, a door above this layer)
// implements it and attaches itself to the dispatcher once it runs; until then, or when hospital
// IT turned it off, the API answers with a bridge that is not running.
import type { BridgeRequestOutcome, BridgeRequestView, BridgeStatus } from '../contract/bridge-consent';

export type BridgeControlEvent =
  | { name: 'bridge:request'; payload: BridgeRequestView }
  | { name: 'bridge:request-ended'; payload: { requestId: string; outcome: BridgeRequestOutcome } };

export interface BridgeControl {
  status(): BridgeStatus;
  /** Throws YiKeyError('invalid-input') for a request that is no longer waiting. */
  decide(requestId: string, approve: boolean): void;
  revoke(origin: string): Promise<void>;
  onEvent(listener: (event: BridgeControlEvent) => void): () => void;
}

export const bridgeNotRunning: BridgeStatus = {
  address: null,
  port: 0,
  problem: 'not-running',
  approvals: [],
  approvalsStorage: 'this-run',
  approvalsWarning: null,
  pending: [],
};
