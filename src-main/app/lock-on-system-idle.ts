// Auto-lock on the desktop's idle time, with the warning a minute before. In Electron this is
// the only idle lock: the renderer's own timer would see only YiKey's window, and log out a
// doctor who works in the EMR all day. The decisions are in desktop-idle-policy.ts (pure,
// unit-tested); this file only polls the OS and passes them on.
import { desktopIdleStart, nextDesktopIdle, type DesktopIdleDecision } from './desktop-idle-policy';

export interface SystemIdleOptions {
  /** Seconds since the last keyboard or mouse input anywhere on the desktop. */
  systemIdleSeconds: () => number;
  /** The holder's auto-lock setting, read each time so a change applies at once. */
  autoLockMinutes: () => Promise<number>;
  lock: () => void;
  /** The warning and its withdrawal, for the window (即将自动退出登录 with 继续使用). */
  announce: (decision: Extract<DesktopIdleDecision, { kind: 'warn' } | { kind: 'resume' }>) => void;
  /** Often enough for the countdown to start within a few seconds of the minute before. */
  checkEveryMs?: number;
}

export function lockOnSystemIdle(options: SystemIdleOptions): () => void {
  let state = desktopIdleStart;
  let checking = false;
  const check = async (): Promise<void> => {
    // A slow settings read must not let two checks interleave and lock twice.
    if (checking) return;
    checking = true;
    try {
      await checkOnce();
    } finally {
      checking = false;
    }
  };
  const checkOnce = async (): Promise<void> => {
    const idleSeconds = options.systemIdleSeconds();
    const step = nextDesktopIdle(state, idleSeconds, await options.autoLockMinutes());
    state = step.state;
    const { decision } = step;
    if (decision.kind === 'lock') options.lock();
    else if (decision.kind !== 'none') options.announce(decision);
  };
  const timer = setInterval(() => void check().catch(() => undefined), options.checkEveryMs ?? 5_000);
  return () => clearInterval(timer);
}
