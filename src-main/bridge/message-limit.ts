// Lets an approved page send full-size requests on a connection that opened before the holder
// approved its origin. ws fixes maxPayload per server, and an unapproved page must stay at a
// few KiB (it may only say hello), so the connection's receiver limit is raised in place. This
// reaches into ws's Receiver (`_receiver._maxPayload`, ws 8): the self-check below fails loudly
// at start-up if a ws upgrade renames it, and test/integration/bridge-*.test.ts sends a large
// request after approval.
import type { WebSocket } from 'ws';

type ReceiverHolder = { _receiver?: { _maxPayload?: unknown } };

export function raiseMessageLimit(socket: WebSocket, maxBytes: number): void {
  const receiver = (socket as unknown as ReceiverHolder)._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number')
    throw new Error('ws internals changed: cannot raise the message limit of an approved connection');
  receiver._maxPayload = maxBytes;
}
