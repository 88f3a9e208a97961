// In the Electron shell the main process watches the desktop's idle time (the OS's) and sends
// session:idle; the window only shows what it is told. Pure, no DOM.
import type { HolderApiEventPayload } from '../../src-main/contract/holder-api';

/** Shown before the idle lock: when the lock falls due, on the page clock (Date.now). */
export interface IdleLockWarning {
  lockAt: number;
}

export function desktopIdleWarning(
  event: HolderApiEventPayload<'session:idle'>,
  now: number,
): IdleLockWarning | null {
  return event.state === 'warning' ? { lockAt: now + event.secondsLeft * 1_000 } : null;
}
