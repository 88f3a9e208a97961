// A TokenSummary for pure unit tests: plain defaults, any field (and any PIN flag) overridden.
import type { PinStatus, TokenSummary } from '../../src-main/contract/token-types';

export function tokenSummary(
  overrides: Partial<Omit<TokenSummary, 'pin'>> & { pin?: Partial<PinStatus> } = {},
): TokenSummary {
  const { pin, ...rest } = overrides;
  return {
    slotId: '1',
    label: 'key',
    serial: 'S1',
    manufacturer: 'm',
    model: 'x',
    loggedIn: false,
    ...rest,
    pin: {
      pinPad: false,
      countLow: false,
      finalTry: false,
      locked: false,
      toBeChanged: false,
      triesLeft: null,
      minLength: 4,
      maxLength: 16,
      ...pin,
    },
  };
}
