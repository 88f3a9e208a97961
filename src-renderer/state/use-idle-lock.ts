// Auto-lock (provincial rules art. 18: log out when leaving the PC): after the holder's
// auto-lock minutes without keyboard or pointer activity in this window, every key is logged
// out through session:lock, which also clears every PIN field (screens reset on the lock).
// Armed only while a key is inserted: with no key there is nothing to lock.
import { useEffect } from 'react';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import { startIdleTimer, type IdleClock } from './idle-timer';

/** The page's own timers: Playwright's page.clock replaces exactly these in the e2e spec. */
const pageClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(options: {
  client: HolderApiClient | null;
  autoLockMinutes: number | null;
  armed: boolean;
  /** Changes after every lock, so the timer starts afresh for the next session. */
  lockCount: number;
  clock?: IdleClock;
}): void {
  const { client, autoLockMinutes, armed, lockCount, clock = pageClock } = options;
  useEffect(() => {
    if (!client || !armed || autoLockMinutes === null) return;
    const timer = startIdleTimer(
      autoLockMinutes * 60_000,
      () => void client.call('session:lock', { reason: 'idle' }).catch(() => undefined),
      clock,
    );
    const onActivity = (): void => timer.activity();
    for (const name of activityEvents)
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      timer.stop();
      for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [client, armed, autoLockMinutes, lockCount, clock]);
}
