// The server-side lock of browser mode, on a fake clock: every key is logged out when no page
// has been connected for the grace period, and after the auto-lock time without activity.
import { describe, expect, it } from 'vitest';
import { createPresenceLock, type PresenceClock } from '../../../src-main/web/presence-lock';

function fakeClock() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextHandle = 1;
  const clock: PresenceClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at);
      if (due.length === 0) break;
      const [handle, timer] = due[0]!;
      timers.delete(handle);
      now = timer.at;
      timer.callback();
    }
    now = end;
  };
  return { clock, advance };
}

function setUp(idleMs = 60_000) {
  const { clock, advance } = fakeClock();
  let locks = 0;
  let idle = idleMs;
  const presence = createPresenceLock({
    graceMs: 3_000,
    idleMs: () => idle,
    lock: async () => {
      locks++;
    },
    clock,
  });
  return { presence, advance, locks: () => locks, setIdle: (ms: number) => (idle = ms) };
}

describe('presence lock', () => {
  it('locks once the last page has been gone for the grace period', () => {
    const { presence, advance, locks } = setUp();
    const first = presence.rendererConnected();
    const second = presence.rendererConnected();
    first();
    advance(10_000);
    expect(locks()).toBe(0);
    second();
    advance(2_999);
    expect(locks()).toBe(0);
    advance(1);
    expect(locks()).toBe(1);
  });

  it('a page back within the grace period (a reload) keeps the login', () => {
    const { presence, advance, locks } = setUp();
    presence.rendererConnected()();
    advance(1_000);
    const reloaded = presence.rendererConnected();
    advance(30_000);
    expect(locks()).toBe(0);
    reloaded();
    advance(3_000);
    expect(locks()).toBe(1);
  });

  it('locks after the auto-lock time without activity, even with a page connected', () => {
    const { presence, advance, locks } = setUp(60_000);
    presence.rendererConnected();
    advance(45_000);
    presence.activity();
    advance(45_000);
    expect(locks()).toBe(0);
    advance(15_000);
    expect(locks()).toBe(1);
    // An empty PC is locked once, not again every minute.
    advance(600_000);
    expect(locks()).toBe(1);
    presence.activity();
    advance(60_000);
    expect(locks()).toBe(2);
  });

  it('a shorter auto-lock time applies from the next activity on', () => {
    const { presence, advance, locks, setIdle } = setUp(600_000);
    presence.rendererConnected();
    setIdle(60_000);
    presence.activity();
    advance(60_000);
    expect(locks()).toBe(1);
  });

  it('does nothing after stop', () => {
    const { presence, advance, locks } = setUp();
    presence.rendererConnected()();
    presence.stop();
    advance(3_600_000);
    expect(locks()).toBe(0);
  });
});
