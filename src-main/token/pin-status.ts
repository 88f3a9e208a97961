// Reads a token's PIN state from its CK_TOKEN_INFO flags. PKCS#11 gives no retry count,
// only "count low", "final try" and "locked"; we turn the last two into a number and leave
// the rest unknown rather than guess. Tokens reporting nonsense limits (0, or min above max)
// get the default PIN length limits.
import { defaultPinLengthLimits } from '../contract/pin-policy';
import type { PinStatus } from '../contract/token-types';

export const tokenFlags = {
  protectedAuthenticationPath: 0x100,
  userPinCountLow: 0x10000,
  userPinFinalTry: 0x20000,
  userPinLocked: 0x40000,
  userPinToBeChanged: 0x80000,
} as const;

export function pinStatusFromTokenInfo(info: {
  flags: number;
  minPinLen: number;
  maxPinLen: number;
}): PinStatus {
  const has = (flag: number): boolean => (info.flags & flag) !== 0;
  const locked = has(tokenFlags.userPinLocked);
  const finalTry = !locked && has(tokenFlags.userPinFinalTry);
  const saneLimits = info.minPinLen > 0 && info.maxPinLen >= info.minPinLen && info.maxPinLen <= 255;
  return {
    pinPad: has(tokenFlags.protectedAuthenticationPath),
    countLow: !locked && has(tokenFlags.userPinCountLow),
    finalTry,
    locked,
    toBeChanged: has(tokenFlags.userPinToBeChanged),
    triesLeft: locked ? 0 : finalTry ? 1 : null,
    minLength: saneLimits ? info.minPinLen : defaultPinLengthLimits.minLength,
    maxLength: saneLimits ? info.maxPinLen : defaultPinLengthLimits.maxLength,
  };
}
