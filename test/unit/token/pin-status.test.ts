import { describe, expect, it } from 'vitest';
import { pinStatusFromTokenInfo, tokenFlags } from '../../../src-main/token/pin-status';

const info = (flags: number, minPinLen = 6, maxPinLen = 16) => ({ flags, minPinLen, maxPinLen });

describe('pinStatusFromTokenInfo', () => {
  it('reads a healthy key as no warnings and unknown tries', () => {
    expect(pinStatusFromTokenInfo(info(0))).toMatchObject({
      locked: false,
      finalTry: false,
      countLow: false,
      triesLeft: null,
    });
  });

  it('turns final try and locked into a number of tries', () => {
    expect(
      pinStatusFromTokenInfo(info(tokenFlags.userPinFinalTry | tokenFlags.userPinCountLow)).triesLeft,
    ).toBe(1);
    const locked = pinStatusFromTokenInfo(info(tokenFlags.userPinLocked | tokenFlags.userPinFinalTry));
    expect(locked).toMatchObject({ locked: true, finalTry: false, triesLeft: 0 });
  });

  it('reports PIN pad and to-be-changed', () => {
    const status = pinStatusFromTokenInfo(
      info(tokenFlags.protectedAuthenticationPath | tokenFlags.userPinToBeChanged),
    );
    expect(status.pinPad).toBe(true);
    expect(status.toBeChanged).toBe(true);
  });

  it('falls back to 6–16 when the token reports nonsense limits', () => {
    expect(pinStatusFromTokenInfo(info(0, 0, 0))).toMatchObject({ minLength: 6, maxLength: 16 });
    expect(pinStatusFromTokenInfo(info(0, 4, 8))).toMatchObject({ minLength: 4, maxLength: 8 });
  });
});
