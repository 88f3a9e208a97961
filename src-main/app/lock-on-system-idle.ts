// Auto-lock that works with the window closed: the renderer's idle timer only sees activity in
// its own window, and in Electron the app lives on in the tray. The main process asks the OS how
// long the whole desktop has been idle and locks once per idle period.

export interface SystemIdleOptions {
  /** Seconds since the last keyboard or mouse input anywhere on the desktop. */
  systemIdleSeconds: () => number;
  /** The holder's auto-lock setting, read each time so a change applies at once. */
  autoLockMinutes: () => Promise<number>;
  lock: () => void;
  checkEveryMs?: number;
}

/** Pure decision: lock when idle for the setting's time and not yet locked in this idle period. */
export function idleLockDue(idleSeconds: number, autoLockMinutes: number, alreadyLocked: boolean): boolean {
  return !alreadyLocked && idleSeconds >= autoLockMinutes * 60;
}

export function lockOnSystemIdle(options: SystemIdleOptions): () => void {
  let lockedThisIdlePeriod = false;
  let lastIdleSeconds = 0;
  const check = async (): Promise<void> => {
    const idleSeconds = options.systemIdleSeconds();
    // Idle time went down: the holder came back, so the next idle period may lock again.
    if (idleSeconds < lastIdleSeconds) lockedThisIdlePeriod = false;
    lastIdleSeconds = idleSeconds;
    if (idleLockDue(idleSeconds, await options.autoLockMinutes(), lockedThisIdlePeriod)) {
      lockedThisIdlePeriod = true;
      options.lock();
    }
  };
  const timer = setInterval(() => void check().catch(() => undefined), options.checkEveryMs ?? 15_000);
  return () => clearInterval(timer);
}
