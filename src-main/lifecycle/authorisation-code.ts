// The one-time authorisation code (授权码) the unit's certificate administrator hands out for a
// re-issue or a PIN unlock: what YiKey accepts before it is used as a MAC secret. Pure.
import { YiKeyError } from '../contract/yikey-error';
import { unlockReferenceSchema } from './unlock-record';

const maxCodeLength = 64;

export function checkAuthorisationCode(code: string): void {
  if (
    code.length === 0 ||
    code.length > maxCodeLength ||
    ![...code].every((character) => character >= ' ' && character !== '\u007f')
  )
    throw new YiKeyError('invalid-input', 'An authorisation code is 1–64 printable characters', {
      field: 'code',
    });
}

/** The reference number and code typed by the holder, checked before anything is made or sent; the trimmed reference. */
export function checkReferenceAndCode(reference: string, code: string): string {
  const parsed = unlockReferenceSchema.safeParse(reference.trim());
  if (!parsed.success)
    throw new YiKeyError('invalid-input', 'A reference number is 1–20 digits', { field: 'reference' });
  checkAuthorisationCode(code);
  return parsed.data;
}
