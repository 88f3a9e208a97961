import { describe, expect, it } from 'vitest';
import { startIdleTimer, type IdleClock } from '../../../src-renderer/state/idle-timer';

/** A hand-driven clock: advance() runs the timers that fall due, in order. */
function fakeClock(): IdleClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

describe('startIdleTimer', () => {
  it('fires once after the idle time', () => {
    const clock = fakeClock();
    let fired = 0;
    startIdleTimer(60_000, () => fired++, clock);
    clock.advance(59_999);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
    clock.advance(600_000);
    expect(fired).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('activity starts the idle time again', () => {
    const clock = fakeClock();
    let fired = 0;
    const timer = startIdleTimer(60_000, () => fired++, clock);
    clock.advance(50_000);
    timer.activity();
    clock.advance(50_000);
    expect(fired).toBe(0);
    clock.advance(10_000);
    expect(fired).toBe(1);
  });

  it('stop cancels it', () => {
    const clock = fakeClock();
    let fired = 0;
    startIdleTimer(1_000, () => fired++, clock).stop();
    clock.advance(5_000);
    expect(fired).toBe(0);
  });
});

describe('idle timer warning', () => {
  it('warns before the lock, takes the warning back on activity, and warns again', () => {
    const clock = fakeClock();
    const events: string[] = [];
    const timer = startIdleTimer(60_000, () => events.push('idle'), clock, {
      beforeMs: 30_000,
      onWarn: (msLeft) => events.push(`warn ${msLeft}`),
      onResume: () => events.push('resume'),
    });
    clock.advance(29_999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['warn 30000']);
    clock.advance(10_000);
    timer.activity();
    expect(events).toEqual(['warn 30000', 'resume']);
    clock.advance(29_999);
    expect(events).toEqual(['warn 30000', 'resume']);
    clock.advance(1);
    expect(events).toEqual(['warn 30000', 'resume', 'warn 30000']);
    clock.advance(30_000);
    expect(events).toEqual(['warn 30000', 'resume', 'warn 30000', 'idle']);
    expect(clock.pending()).toBe(0);
  });

  it('activity before the warning only moves the deadline', () => {
    const clock = fakeClock();
    const events: string[] = [];
    const timer = startIdleTimer(60_000, () => events.push('idle'), clock, {
      beforeMs: 30_000,
      onWarn: () => events.push('warn'),
      onResume: () => events.push('resume'),
    });
    clock.advance(20_000);
    timer.activity();
    clock.advance(29_000);
    expect(events).toEqual([]);
    clock.advance(1_000);
    expect(events).toEqual(['warn']);
    timer.stop();
    clock.advance(60_000);
    expect(events).toEqual(['warn']);
  });
});
