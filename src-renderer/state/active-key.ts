// Which inserted key the screens work with when several are in. The holder's choice stays
// while that key is in; otherwise a logged-in key wins over one that is not, so plugging in a
// second key never swaps a working session for a login screen (and leaves the first key
// logged in out of sight).
import type { TokenSummary } from '../../src-main/contract/token-types';

export function chooseActiveKey(
  tokens: readonly TokenSummary[],
  chosenSlotId: string | null,
): TokenSummary | undefined {
  return (
    tokens.find((token) => token.slotId === chosenSlotId) ??
    tokens.find((token) => token.loggedIn) ??
    tokens[0]
  );
}

export type KeyState = 'logged-in' | 'logged-out' | 'pin-locked' | 'to-be-activated';

export function keyStateOf(token: TokenSummary): KeyState {
  if (token.loggedIn) return 'logged-in';
  if (token.pin.locked) return 'pin-locked';
  if (token.pin.toBeChanged) return 'to-be-activated';
  return 'logged-out';
}
