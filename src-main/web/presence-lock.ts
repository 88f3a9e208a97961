// A login lives no longer than the holder's presence, judged on the server as well as in the
// page: a page that was closed, crashed or hung (or never ran its idle timer) must not leave a
// key logged in for whoever connects next. Every key is logged out when no renderer has been
// connected for a short grace period (long enough for a reload), and when no renderer has
// reported the holder's activity for the auto-lock time. Timers are injected for unit tests.

export interface PresenceClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PresenceLockOptions {
  /** How long no renderer may be connected before the lock (a reload reconnects well within it). */
  graceMs: number;
  /** The auto-lock time in force, read whenever the timer is armed (the holder may change it). */
  idleMs: () => number;
  /** Logs out every key. */
  lock: () => Promise<void>;
  clock?: PresenceClock;
}

export interface PresenceLock {
  /** A renderer connected; call the returned function when it goes. */
  rendererConnected(): () => void;
  /** The holder did something in a page. */
  activity(): void;
  stop(): void;
}

const systemClock: PresenceClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createPresenceLock(options: PresenceLockOptions): PresenceLock {
  const clock = options.clock ?? systemClock;
  let connected = 0;
  let stopped = false;
  let graceTimer: unknown;
  let idleTimer: unknown;
  let lastActivity = clock.now();

  const lock = (): void => {
    if (!stopped) void options.lock();
  };
  const clearIdle = (): void => {
    if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
    idleTimer = undefined;
  };
  // Re-checked when it fires, so a changed auto-lock time is honoured; after a lock it stays
  // unarmed until the holder is back, so an empty PC is locked once, not every few minutes.
  const armIdle = (delay: number): void => {
    clearIdle();
    idleTimer = clock.setTimeout(checkIdle, Math.max(0, delay));
  };
  function checkIdle(): void {
    idleTimer = undefined;
    const remaining = options.idleMs() - (clock.now() - lastActivity);
    if (remaining > 0) armIdle(remaining);
    else lock();
  }

  const activity = (): void => {
    if (stopped) return;
    lastActivity = clock.now();
    armIdle(options.idleMs());
  };

  return {
    rendererConnected() {
      connected++;
      if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
      graceTimer = undefined;
      // Opening the page is the holder's doing.
      activity();
      let gone = false;
      return () => {
        if (gone) return;
        gone = true;
        connected--;
        if (connected > 0 || stopped) return;
        graceTimer = clock.setTimeout(() => {
          graceTimer = undefined;
          clearIdle();
          lock();
        }, options.graceMs);
      };
    },
    activity,
    stop() {
      stopped = true;
      clearIdle();
      if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
    },
  };
}
