// Finding the USBKEY a lifecycle step needs among the inserted ones: by slot when the holder
// starts a request on the key in front of them, by serial when a journaled request resumes (the
// slot may differ after the key was pulled out and put back).
import type { TokenSummary } from '../contract/token-types';
import { YiKeyError } from '../contract/yikey-error';
import type { TokenHostClient } from '../token/token-host-client';

export async function tokenInSlot(host: TokenHostClient, slotId: string): Promise<TokenSummary | undefined> {
  return (await host.call('listTokens', {})).find((candidate) => candidate.slotId === slotId);
}

/** The key in `slotId`, or the holder is told it is not inserted. */
export async function insertedTokenInSlot(host: TokenHostClient, slotId: string): Promise<TokenSummary> {
  const token = await tokenInSlot(host, slotId);
  if (!token) throw new YiKeyError('token-not-present', 'The USBKEY is not inserted');
  return token;
}

/** The slot of the key a journaled request belongs to, or the holder is asked to insert it. */
export async function slotOfJournaledToken(
  host: TokenHostClient,
  token: { serial: string; label: string },
): Promise<string> {
  const inserted = (await host.call('listTokens', {})).find((candidate) => candidate.serial === token.serial);
  if (!inserted) throw new YiKeyError('token-not-present', `Insert the USBKEY ${token.label} to continue`);
  return inserted.slotId;
}
