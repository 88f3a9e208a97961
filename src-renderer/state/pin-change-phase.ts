// Where a PIN change (or an activation) stands, as one value, so the screen can never show two
// stories at once. A new attempt starts from 'changing': the success of an earlier attempt is
// gone, so "PIN码已修改" never sits beside a later "PIN码错误". Within one attempt a later step
// keeps the earlier one's success: when the login that follows an activation fails, the holder
// still reads that the new PIN is set. Pure, no React or DOM.
import type { ErrorCode } from '../../src-main/contract/error-codes';

/** The form field a failure is about, so the message sits next to it and only it is cleared. */
export type PinField = 'old' | 'new' | null;

export type PinChangePhase =
  | { step: 'editing' }
  /** On a PIN-pad key the holder is typing on the pad now. */
  | { step: 'changing'; onPad: boolean }
  | { step: 'change-failed'; error: unknown; field: PinField }
  /** The PIN was changed; nothing follows (修改PIN码). */
  | { step: 'changed' }
  /** Activation: the new PIN is set and the app logs in with it, so it is not asked for again. */
  | { step: 'logging-in' }
  | { step: 'activated' }
  /** Activation: the new PIN is set, but the login with it did not work. */
  | { step: 'login-failed'; error: unknown };

export const editing: PinChangePhase = { step: 'editing' };

/** Which field a pin:change failure concerns. The old PIN is checked on the key; the new one by the policy. */
export function fieldOfFailure(code: ErrorCode): PinField {
  if (code === 'pin-incorrect') return 'old';
  if (code === 'pin-policy') return 'new';
  return null;
}

/** The new PIN is on the key: true from the change's success on, whatever followed it. */
export function newPinIsSet(phase: PinChangePhase): boolean {
  return (
    phase.step === 'changed' ||
    phase.step === 'logging-in' ||
    phase.step === 'activated' ||
    phase.step === 'login-failed'
  );
}

/** A failure to show, and the field it belongs to; null when nothing failed. */
export function failureOf(phase: PinChangePhase): { error: unknown; field: PinField } | null {
  if (phase.step === 'change-failed') return { error: phase.error, field: phase.field };
  if (phase.step === 'login-failed') return { error: phase.error, field: null };
  return null;
}

/** Busy: a request is running and the form must not be sent again. */
export function isWorking(phase: PinChangePhase): boolean {
  return phase.step === 'changing' || phase.step === 'logging-in';
}
