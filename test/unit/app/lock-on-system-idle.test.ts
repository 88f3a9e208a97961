import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  desktopIdleStart,
  idleAnnouncement,
  nextDesktopIdle,
  warningSecondsFor,
  type DesktopIdleDecision,
  type DesktopIdleState,
} from '../../../src-main/app/desktop-idle-policy';
import { lockOnSystemIdle } from '../../../src-main/app/lock-on-system-idle';
import { holderApiEvents } from '../../../src-main/contract/holder-api';

/** Feeds a series of OS idle times through the policy; returns each decision's kind. */
function run(idleTimes: number[], autoLockMinutes: number): DesktopIdleDecision[] {
  let state: DesktopIdleState = desktopIdleStart;
  return idleTimes.map((idleSeconds) => {
    const step = nextDesktopIdle(state, idleSeconds, autoLockMinutes);
    state = step.state;
    return step.decision;
  });
}

describe('desktop idle policy', () => {
  it('warns a minute before the setting and locks at it, once per idle period', () => {
    const decisions = run([0, 300, 539, 540, 560, 599, 600, 615, 900], 10);
    expect(decisions.map((decision) => decision.kind)).toEqual([
      'none',
      'none',
      'none',
      'warn',
      'none',
      'none',
      'lock',
      'none',
      'none',
    ]);
    expect(decisions[3]).toEqual({ kind: 'warn', secondsLeft: 60 });
  });

  it('never locks a holder who keeps using the desktop (the EMR), however long the session', () => {
    // Eight hours of checks every 5 s, the OS idle time never above 25 s: typing elsewhere.
    const idleTimes = Array.from({ length: (8 * 3600) / 5 }, (_, index) => (index * 5) % 30);
    expect(run(idleTimes, 1).filter((decision) => decision.kind !== 'none')).toEqual([]);
  });

  it('takes the warning back when the holder comes back, and warns again in the next idle period', () => {
    const decisions = run([0, 545, 3, 300, 545, 600], 10).map((decision) => decision.kind);
    expect(decisions).toEqual(['none', 'warn', 'resume', 'none', 'warn', 'lock']);
  });

  it('locks again after the holder came back from a lock and left again', () => {
    expect(run([601, 700, 2, 650], 10).map((decision) => decision.kind)).toEqual([
      'lock',
      'none',
      'none',
      'lock',
    ]);
  });

  it('gives half the time as notice when the holder chose one minute', () => {
    expect(warningSecondsFor(1)).toBe(30);
    expect(warningSecondsFor(15)).toBe(60);
    expect(run([29, 30], 1)).toEqual([{ kind: 'none' }, { kind: 'warn', secondsLeft: 30 }]);
  });

  it('announces with the contract event shape', () => {
    const warning = idleAnnouncement({ kind: 'warn', secondsLeft: 41.2 });
    expect(warning).toEqual({ state: 'warning', secondsLeft: 42 });
    expect(holderApiEvents['session:idle'].parse(warning)).toEqual(warning);
    expect(holderApiEvents['session:idle'].parse(idleAnnouncement({ kind: 'resume' }))).toEqual({
      state: 'active',
    });
  });
});

describe('lock on system idle (the polling glue)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls the OS idle time, announces the warning and its withdrawal, and locks', async () => {
    let idleSeconds = 0;
    const lock = vi.fn();
    const announce = vi.fn();
    const stop = lockOnSystemIdle({
      systemIdleSeconds: () => idleSeconds,
      autoLockMinutes: async () => 2,
      lock,
      announce,
      checkEveryMs: 1000,
    });
    idleSeconds = 61;
    await vi.advanceTimersByTimeAsync(1000);
    expect(announce).toHaveBeenLastCalledWith({ kind: 'warn', secondsLeft: 59 });
    idleSeconds = 1; // the holder moved the mouse (anywhere on the desktop)
    await vi.advanceTimersByTimeAsync(1000);
    expect(announce).toHaveBeenLastCalledWith({ kind: 'resume' });
    expect(lock).not.toHaveBeenCalled();
    idleSeconds = 120;
    await vi.advanceTimersByTimeAsync(1000);
    idleSeconds = 130;
    await vi.advanceTimersByTimeAsync(1000);
    expect(lock).toHaveBeenCalledTimes(1);
    stop();
    idleSeconds = 5;
    await vi.advanceTimersByTimeAsync(5000);
    expect(announce).toHaveBeenCalledTimes(2);
  });
});
