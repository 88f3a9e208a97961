// The EMR bridge's questions for the holder, as YiKey's window knows them: those waiting now
// (read once when the window connects, so a reload does not lose one) plus each new one as its
// event arrives; each leaves when main says it ended, with the reason kept for the window to say.
import { useEffect, useState } from 'react';
import type { BridgeRequestOutcome, BridgeRequestView } from '../../src-main/contract/bridge-consent';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';

export interface BridgeRequests {
  pending: BridgeRequestView[];
  /** How the last request shown here ended (for a short message), null before any. */
  lastEnded: { kind: BridgeRequestView['kind']; outcome: BridgeRequestOutcome } | null;
}

export function useBridgeRequests(client: HolderApiClient | null, connected: boolean): BridgeRequests {
  const [pending, setPending] = useState<BridgeRequestView[]>([]);
  const [lastEnded, setLastEnded] = useState<BridgeRequests['lastEnded']>(null);

  useEffect(() => {
    if (!client || !connected) return;
    let current = true;
    const add = (view: BridgeRequestView): void =>
      setPending((list) =>
        list.some((entry) => entry.requestId === view.requestId) ? list : [...list, view],
      );
    client.call('bridge:status', {}).then(
      (status) => current && status.pending.forEach(add),
      () => undefined,
    );
    const unsubscribers = [
      client.on('bridge:request', add),
      client.on('bridge:request-ended', ({ requestId, outcome }) =>
        setPending((list) => {
          const ended = list.find((entry) => entry.requestId === requestId);
          if (ended) setLastEnded({ kind: ended.kind, outcome });
          return list.filter((entry) => entry.requestId !== requestId);
        }),
      ),
    ];
    return () => {
      current = false;
      unsubscribers.forEach((unsubscribe) => unsubscribe());
    };
  }, [client, connected]);

  return { pending, lastEnded };
}
