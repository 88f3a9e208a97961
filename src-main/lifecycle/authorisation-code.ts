// The one-time authorisation code (授权码) the unit's certificate administrator hands out for a
// re-issue or a PIN unlock: what YiKey accepts before it is used as a MAC secret. Pure.
import { YiKeyError } from '../contract/yikey-error';

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
