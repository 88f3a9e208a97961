// Auto-lock (provincial rules art. 18: log out when leaving the PC): after the holder's
// auto-lock minutes without keyboard or pointer activity, every key is logged out through
// session:lock, which also clears every PIN field (screens reset on the lock). Armed only while
// a key is inserted: with no key there is nothing to lock. A minute before, the holder is warned
// (即将自动退出登录 with 继续使用), so a doctor reading a record is not surprised.
//
// Where idle is measured depends on where the app runs:
// - 'desktop' (Electron): the main process measures the OS idle time, locks, and sends
//   session:idle for the warning. This window keeps no timer of its own, because it sees only
//   its own activity: a doctor working in the EMR must not be logged out of YiKey for that.
// - 'window' (browser mode): the page's own keyboard and pointer activity, as a browser
//   cannot know the desktop's.
import { useEffect, useState } from 'react';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import { desktopIdleWarning, type IdleLockWarning } from './desktop-idle-warning';
import { startIdleTimer, type IdleClock } from './idle-timer';

export type { IdleLockWarning } from './desktop-idle-warning';
export type IdleSource = 'window' | 'desktop';

/** The page's own timers: Playwright's page.clock replaces exactly these in the e2e spec. */
const pageClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

const warningBeforeMs = 60_000;

function listenForActivity(onActivity: () => void): () => void {
  for (const name of activityEvents)
    window.addEventListener(name, onActivity, { capture: true, passive: true });
  return () => {
    for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
  };
}

export function useIdleLock(options: {
  client: HolderApiClient | null;
  autoLockMinutes: number | null;
  armed: boolean;
  /** Changes after every lock, so the timer starts afresh for the next session. */
  lockCount: number;
  source: IdleSource;
  clock?: IdleClock;
}): IdleLockWarning | null {
  const { client, autoLockMinutes, armed, lockCount, source, clock = pageClock } = options;
  const [warning, setWarning] = useState<IdleLockWarning | null>(null);
  useEffect(() => {
    setWarning(null);
    if (!client || !armed || source !== 'desktop') return;
    const stopEvents = client.on('session:idle', (event) =>
      setWarning(desktopIdleWarning(event, clock.now())),
    );
    // A click on 继续使用 is desktop input too, so the main process withdraws the warning at its
    // next check; the holder sees it go at once.
    const stopListening = listenForActivity(() => setWarning(null));
    return () => {
      stopEvents();
      stopListening();
    };
  }, [client, armed, lockCount, source, clock]);
  useEffect(() => {
    if (!client || !armed || autoLockMinutes === null || source !== 'window') return;
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
    const stopListening = listenForActivity(() => timer.activity());
    return () => {
      timer.stop();
      stopListening();
    };
  }, [client, armed, autoLockMinutes, lockCount, source, clock]);
  return warning;
}
