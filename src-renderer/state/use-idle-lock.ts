// Auto-lock (provincial rules art. 18: log out when leaving the PC): after the holder's
// auto-lock minutes without keyboard or pointer activity in this window, every key is logged
// out through session:lock, which also clears every PIN field (screens reset on the lock).
// Armed only while a key is inserted: with no key there is nothing to lock. A minute before,
// the holder is warned (即将自动退出登录 with 继续使用), so a doctor reading a record is not surprised.
import { useEffect, useState } from 'react';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import { startIdleTimer, type IdleClock } from './idle-timer';

/** The page's own timers: Playwright's page.clock replaces exactly these in the e2e spec. */
const pageClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

const warningBeforeMs = 60_000;

/** Shown before the idle lock: any keyboard or pointer activity (such as 继续使用) takes it back. */
export interface IdleLockWarning {
  /** When the lock falls due, on the page clock (Date.now). */
  lockAt: number;
}

export function useIdleLock(options: {
  client: HolderApiClient | null;
  autoLockMinutes: number | null;
  armed: boolean;
  /** Changes after every lock, so the timer starts afresh for the next session. */
  lockCount: number;
  clock?: IdleClock;
}): IdleLockWarning | null {
  const { client, autoLockMinutes, armed, lockCount, clock = pageClock } = options;
  const [warning, setWarning] = useState<IdleLockWarning | null>(null);
  useEffect(() => {
    setWarning(null);
    if (!client || !armed || autoLockMinutes === null) return;
    const timeoutMs = autoLockMinutes * 60_000;
    const timer = startIdleTimer(
      timeoutMs,
      () => {
        setWarning(null);
        void client.call('session:lock', { reason: 'idle' }).catch(() => undefined);
      },
      clock,
      {
        // A minute's notice, or half the time when the holder chose a single minute.
        beforeMs: Math.min(warningBeforeMs, timeoutMs / 2),
        onWarn: (msLeft) => setWarning({ lockAt: clock.now() + msLeft }),
        onResume: () => setWarning(null),
      },
    );
    const onActivity = (): void => timer.activity();
    for (const name of activityEvents)
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      timer.stop();
      for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [client, armed, autoLockMinutes, lockCount, clock]);
  return warning;
}
