// Pure (no DOM): calls onIdle once after timeoutMs without activity. The clock is injected: the app passes the
// page's own timers (which Playwright's page.clock can fast-forward), unit tests pass fakes.
// One pending timer at a time, re-armed only when it fires early: mouse moves arrive many
// times a second and must cost no more than writing a number.
export interface IdleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleTimer {
  /** Keyboard or pointer activity: the idle time starts again. */
  activity(): void;
  stop(): void;
}

export function startIdleTimer(timeoutMs: number, onIdle: () => void, clock: IdleClock): IdleTimer {
  let lastActivity = clock.now();
  let handle: unknown;
  let stopped = false;
  const arm = (delay: number): void => {
    handle = clock.setTimeout(check, Math.max(0, delay));
  };
  function check(): void {
    if (stopped) return;
    const idleFor = clock.now() - lastActivity;
    if (idleFor >= timeoutMs) {
      stopped = true;
      onIdle();
    } else {
      arm(timeoutMs - idleFor);
    }
  }
  arm(timeoutMs);
  return {
    activity() {
      lastActivity = clock.now();
    },
    stop() {
      stopped = true;
      clock.clearTimeout(handle);
    },
  };
}
