// Which key the screens work with when several are inserted.
import { describe, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src-main/contract/token-types';
import { chooseActiveKey, keyStateOf } from '../../../src-renderer/state/active-key';

const key = (slotId: string, loggedIn = false, pin: Partial<TokenSummary['pin']> = {}): TokenSummary =>
  ({ slotId, loggedIn, pin: { locked: false, toBeChanged: false, ...pin } }) as unknown as TokenSummary;

describe('chooseActiveKey', () => {
  it('keeps the chosen key while it is inserted, even if another is logged in', () => {
    expect(chooseActiveKey([key('a', true), key('b')], 'b')?.slotId).toBe('b');
  });

  it('prefers a logged-in key over the first when nothing (still inserted) was chosen', () => {
    expect(chooseActiveKey([key('a'), key('b', true)], null)?.slotId).toBe('b');
    expect(chooseActiveKey([key('a'), key('b', true)], 'gone')?.slotId).toBe('b');
    expect(chooseActiveKey([key('a'), key('b')], null)?.slotId).toBe('a');
    expect(chooseActiveKey([], 'a')).toBeUndefined();
  });

  it('names each key state', () => {
    expect(keyStateOf(key('a', true))).toBe('logged-in');
    expect(keyStateOf(key('a', false, { locked: true }))).toBe('pin-locked');
    expect(keyStateOf(key('a', false, { toBeChanged: true }))).toBe('to-be-activated');
    expect(keyStateOf(key('a'))).toBe('logged-out');
  });
});
