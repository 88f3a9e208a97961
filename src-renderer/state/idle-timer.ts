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

export interface IdleWarning {
  /** How long before the lock the holder is warned. */
  beforeMs: number;
  /** The warning is due: the lock follows in `msLeft` unless there is activity. */
  onWarn(msLeft: number): void;
  /** Activity after a warning: take it back. */
  onResume(): void;
}

export function startIdleTimer(
  timeoutMs: number,
  onIdle: () => void,
  clock: IdleClock,
  warning?: IdleWarning,
): IdleTimer {
  let lastActivity = clock.now();
  let handle: unknown;
  let stopped = false;
  let warned = false;
  const warnAtMs = warning ? Math.max(0, timeoutMs - warning.beforeMs) : timeoutMs;
  const arm = (delay: number): void => {
    handle = clock.setTimeout(check, Math.max(0, delay));
  };
  function check(): void {
    if (stopped) return;
    const idleFor = clock.now() - lastActivity;
    if (idleFor >= timeoutMs) {
      stopped = true;
      onIdle();
      return;
    }
    if (warning && idleFor >= warnAtMs) {
      if (!warned) {
        warned = true;
        warning.onWarn(timeoutMs - idleFor);
      }
      arm(timeoutMs - idleFor);
      return;
    }
    // Woken early (activity since it was armed), or a warning was taken back: sleep until the next deadline.
    if (warned) {
      warned = false;
      warning?.onResume();
    }
    arm(warnAtMs - idleFor);
  }
  arm(warnAtMs);
  return {
    activity() {
      lastActivity = clock.now();
      // The warning goes away at once, not when the timer next wakes.
      if (warned) {
        warned = false;
        warning?.onResume();
      }
    },
    stop() {
      stopped = true;
      clock.clearTimeout(handle);
    },
  };
}
