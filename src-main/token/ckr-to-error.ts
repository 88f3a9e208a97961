// The one place where PKCS#11 return values become YiKey error codes. Everything else in the
// app sees only YiKeyError codes. A generic failure must never turn into "wrong PIN": only
// CKR_PIN_INCORRECT does.
import type { ErrorCode } from '../contract/error-codes';
import { pinLockedMessage } from '../contract/pin-locked-error';
import { YiKeyError } from '../contract/yikey-error';

interface CkrRule {
  code: ErrorCode;
  message: string;
}

const rulesByCkrName: Record<string, CkrRule> = {
  CKR_PIN_INCORRECT: { code: 'pin-incorrect', message: 'The PIN is incorrect' },
  CKR_PIN_LOCKED: { code: 'pin-locked', message: pinLockedMessage },
  CKR_PIN_LEN_RANGE: { code: 'pin-len-range', message: 'The PIN length is outside what the key accepts' },
  CKR_PIN_INVALID: { code: 'pin-invalid', message: 'The PIN contains characters the key does not accept' },
  CKR_PIN_EXPIRED: {
    code: 'pin-expired',
    message: 'The initial PIN must be changed before the key can be used',
  },
  CKR_USER_NOT_LOGGED_IN: { code: 'not-logged-in', message: 'Log in with the PIN first' },
  CKR_DEVICE_REMOVED: { code: 'token-removed', message: 'The USBKEY was removed during the operation' },
  CKR_SESSION_HANDLE_INVALID: {
    code: 'token-removed',
    message: 'The USBKEY was removed; its session is gone',
  },
  CKR_SESSION_CLOSED: { code: 'token-removed', message: 'The USBKEY was removed; its session is gone' },
  CKR_TOKEN_NOT_PRESENT: { code: 'token-not-present', message: 'No USBKEY is present in this slot' },
  CKR_SLOT_ID_INVALID: { code: 'token-not-present', message: 'That USBKEY slot does not exist (any more)' },
  CKR_TOKEN_NOT_RECOGNIZED: { code: 'token-unrecognized', message: 'The USBKEY was not recognised' },
  CKR_TOKEN_WRITE_PROTECTED: { code: 'token-write-protected', message: 'The USBKEY is write-protected' },
  CKR_MECHANISM_INVALID: {
    code: 'mechanism-unsupported',
    message: 'The key does not support this algorithm',
  },
  CKR_KEY_TYPE_INCONSISTENT: {
    code: 'mechanism-unsupported',
    message: 'The key type does not fit this algorithm',
  },
  CKR_KEY_HANDLE_INVALID: { code: 'key-not-found', message: 'The private key was not found on the USBKEY' },
  CKR_DEVICE_ERROR: { code: 'device-error', message: 'The USBKEY reported a device error' },
  CKR_DEVICE_MEMORY: { code: 'device-memory', message: 'The USBKEY is out of memory' },
  CKR_HOST_MEMORY: { code: 'device-memory', message: 'The PKCS#11 module ran out of memory' },
  CKR_FUNCTION_CANCELED: { code: 'cancelled', message: 'The operation was cancelled' },
  CKR_CRYPTOKI_NOT_INITIALIZED: {
    code: 'module-load-failed',
    message: 'The PKCS#11 module is not initialised',
  },
};

/** Names for the CKR values we map, so numeric codes from any binding resolve to the same rule. */
const ckrNamesByValue: Record<number, string> = {
  0xa0: 'CKR_PIN_INCORRECT',
  0xa4: 'CKR_PIN_LOCKED',
  0xa2: 'CKR_PIN_LEN_RANGE',
  0xa1: 'CKR_PIN_INVALID',
  0xa3: 'CKR_PIN_EXPIRED',
  0x101: 'CKR_USER_NOT_LOGGED_IN',
  0x32: 'CKR_DEVICE_REMOVED',
  0xb3: 'CKR_SESSION_HANDLE_INVALID',
  0xb0: 'CKR_SESSION_CLOSED',
  0xe0: 'CKR_TOKEN_NOT_PRESENT',
  0x03: 'CKR_SLOT_ID_INVALID',
  0xe1: 'CKR_TOKEN_NOT_RECOGNIZED',
  0xe2: 'CKR_TOKEN_WRITE_PROTECTED',
  0x70: 'CKR_MECHANISM_INVALID',
  0x63: 'CKR_KEY_TYPE_INCONSISTENT',
  0x60: 'CKR_KEY_HANDLE_INVALID',
  0x30: 'CKR_DEVICE_ERROR',
  0x31: 'CKR_DEVICE_MEMORY',
  0x02: 'CKR_HOST_MEMORY',
  0x50: 'CKR_FUNCTION_CANCELED',
  0x190: 'CKR_CRYPTOKI_NOT_INITIALIZED',
};

function ckrNameOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const fromMessage = /\b(CKR_[A-Z_]+)\b/.exec(error.message)?.[1];
  if (fromMessage) return fromMessage;
  const numeric = (error as { code?: unknown }).code;
  return typeof numeric === 'number' ? ckrNamesByValue[numeric] : undefined;
}

/**
 * Converts whatever a PKCS#11 call threw into a YiKeyError. Unknown CKR values and
 * non-PKCS#11 errors become 'operation-failed' with the CKR name kept for support.
 */
export function ckrToError(error: unknown, operation: string): YiKeyError {
  if (error instanceof YiKeyError) return error;
  const ckr = ckrNameOf(error);
  const rule = ckr ? rulesByCkrName[ckr] : undefined;
  if (rule && ckr) return new YiKeyError(rule.code, rule.message, { ckr, operation });
  const detail = error instanceof Error ? error.message : String(error);
  return new YiKeyError('operation-failed', `${operation} failed: ${detail}`, {
    ...(ckr ? { ckr } : {}),
    operation,
  });
}
