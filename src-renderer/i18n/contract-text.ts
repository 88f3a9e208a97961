// Texts that come from the contract's shared tables rather than the translation files.
import type { SerializedError } from '../../src-main/contract/wire-primitives';
import { describeError, type Language } from '../../src-main/contract/error-messages';
import { pinPolicyMessages, type PinPolicyViolation } from '../../src-main/contract/pin-policy';
import { isErrorCode, YiKeyError } from '../../src-main/contract/yikey-error';

/** Accepts a thrown YiKeyError or a SerializedError received as data (e.g. in settings). */
export function asYiKeyError(error: unknown): YiKeyError {
  if (error instanceof YiKeyError) return error;
  if (typeof error === 'object' && error !== null && isErrorCode((error as { code?: unknown }).code)) {
    return YiKeyError.fromSerialized(error as SerializedError);
  }
  return YiKeyError.from(error);
}

export function errorText(error: unknown, language: Language): string {
  const yikeyError = asYiKeyError(error);
  return describeError(yikeyError.code, yikeyError.details, language);
}

export function pinRuleText(violation: PinPolicyViolation, language: Language): string {
  return pinPolicyMessages[violation][language === 'en' ? 'en' : 'zh'];
}
