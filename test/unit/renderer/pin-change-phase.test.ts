import { describe, expect, it } from 'vitest';
import {
  editing,
  failureOf,
  fieldOfFailure,
  isWorking,
  newPinIsSet,
  type PinChangePhase,
} from '../../../src-renderer/state/pin-change-phase';

describe('PIN change phase', () => {
  it('keeps the success of the change when the login that follows it fails', () => {
    const phase: PinChangePhase = { step: 'login-failed', error: new Error('device') };
    expect(newPinIsSet(phase)).toBe(true);
    expect(failureOf(phase)).toEqual({ error: phase.error, field: null });
  });

  it('shows no earlier success once a new attempt runs or fails', () => {
    expect(newPinIsSet({ step: 'changing', onPad: false })).toBe(false);
    expect(newPinIsSet({ step: 'change-failed', error: null, field: 'old' })).toBe(false);
    expect(newPinIsSet(editing)).toBe(false);
    expect(newPinIsSet({ step: 'changed' })).toBe(true);
    expect(newPinIsSet({ step: 'activated' })).toBe(true);
  });

  it('names the field a failure is about: the key refused the old PIN, the policy the new one', () => {
    expect(fieldOfFailure('pin-incorrect')).toBe('old');
    expect(fieldOfFailure('pin-policy')).toBe('new');
    expect(fieldOfFailure('pin-locked')).toBe(null);
    expect(fieldOfFailure('token-removed')).toBe(null);
  });

  it('is busy while changing or logging in, and not otherwise', () => {
    expect(isWorking({ step: 'changing', onPad: true })).toBe(true);
    expect(isWorking({ step: 'logging-in' })).toBe(true);
    expect(isWorking({ step: 'login-failed', error: null })).toBe(false);
    expect(failureOf({ step: 'changed' })).toBe(null);
  });
});
