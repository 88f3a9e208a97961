// The one "PIN locked" error, raised by the token host (from CKR_PIN_LOCKED or the token's
// flags) and by doors that read the flags before asking for a PIN.
import { YiKeyError } from './yikey-error';

export const pinLockedMessage = 'The PIN is locked; ask the CA for a PIN unlock';

/** A locked PIN, found from the token's flags before any PIN was sent (so no try was spent). */
export function pinLockedError(): YiKeyError {
  return new YiKeyError('pin-locked', pinLockedMessage, { triesLeft: 0 });
}
