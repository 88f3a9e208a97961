import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleLockDue, lockOnSystemIdle } from '../../../src-main/app/lock-on-system-idle';

describe('lock on system idle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is due at the setting, not before, and only once per idle period', () => {
    expect(idleLockDue(599, 10, false)).toBe(false);
    expect(idleLockDue(600, 10, false)).toBe(true);
    expect(idleLockDue(900, 10, true)).toBe(false);
  });

  it('locks once while idle and again after the holder came back and left', async () => {
    let idleSeconds = 0;
    const lock = vi.fn();
    const stop = lockOnSystemIdle({
      systemIdleSeconds: () => idleSeconds,
      autoLockMinutes: async () => 1,
      lock,
      checkEveryMs: 1000,
    });
    idleSeconds = 61;
    await vi.advanceTimersByTimeAsync(1000);
    idleSeconds = 75;
    await vi.advanceTimersByTimeAsync(1000);
    expect(lock).toHaveBeenCalledTimes(1);
    idleSeconds = 2; // keyboard used
    await vi.advanceTimersByTimeAsync(1000);
    idleSeconds = 70;
    await vi.advanceTimersByTimeAsync(1000);
    expect(lock).toHaveBeenCalledTimes(2);
    stop();
  });
});
