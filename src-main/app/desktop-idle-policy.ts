// When the whole desktop has been idle long enough, YiKey warns and then logs out. Idle is the
// OS's idle time (keyboard and mouse anywhere), never only YiKey's own window: a doctor typing
// in the EMR all morning must stay logged in to YiKey. Pure: the caller passes the OS idle time
// it read and acts on the decision (Electron glue in lock-on-system-idle.ts).
import type { HolderApiEventPayload } from '../contract/holder-api';

/** A minute's notice before the lock, or half the time when the holder chose one minute. */
export const idleWarningSeconds = 60;

export interface DesktopIdleState {
  phase: 'active' | 'warned' | 'locked';
  /** The OS idle time at the previous check; a smaller one means the holder came back. */
  lastIdleSeconds: number;
}

export type DesktopIdleDecision =
  | { kind: 'none' }
  /** 即将自动退出登录: the lock follows in `secondsLeft` unless the holder comes back. */
  | { kind: 'warn'; secondsLeft: number }
  /** The holder came back after a warning: take it away. */
  | { kind: 'resume' }
  | { kind: 'lock' };

export const desktopIdleStart: DesktopIdleState = { phase: 'active', lastIdleSeconds: 0 };

export function warningSecondsFor(autoLockMinutes: number): number {
  return Math.min(idleWarningSeconds, (autoLockMinutes * 60) / 2);
}

/** One check: the OS idle time now and the holder's auto-lock setting → what to do. */
export function nextDesktopIdle(
  state: DesktopIdleState,
  idleSeconds: number,
  autoLockMinutes: number,
): { state: DesktopIdleState; decision: DesktopIdleDecision } {
  const lockAfter = autoLockMinutes * 60;
  const warnAfter = lockAfter - warningSecondsFor(autoLockMinutes);
  // Idle time went down: keyboard or mouse was used somewhere on the desktop.
  const cameBack = idleSeconds < state.lastIdleSeconds;
  const phase = cameBack ? 'active' : state.phase;
  const next = (nextPhase: DesktopIdleState['phase'], decision: DesktopIdleDecision) => ({
    state: { phase: nextPhase, lastIdleSeconds: idleSeconds },
    decision,
  });
  if (idleSeconds >= lockAfter) {
    // Locked once per idle period: a second lock would only repeat the message.
    return phase === 'locked' ? next('locked', { kind: 'none' }) : next('locked', { kind: 'lock' });
  }
  if (idleSeconds >= warnAfter && phase === 'active') {
    return next('warned', { kind: 'warn', secondsLeft: lockAfter - idleSeconds });
  }
  if (cameBack && state.phase === 'warned' && idleSeconds < warnAfter) {
    return next('active', { kind: 'resume' });
  }
  return next(phase, { kind: 'none' });
}

/** The window's event for a warning or its withdrawal (session:idle in the contract). */
export function idleAnnouncement(
  decision: Extract<DesktopIdleDecision, { kind: 'warn' } | { kind: 'resume' }>,
): HolderApiEventPayload<'session:idle'> {
  return decision.kind === 'warn'
    ? { state: 'warning', secondsLeft: Math.max(0, Math.ceil(decision.secondsLeft)) }
    : { state: 'active' };
}
