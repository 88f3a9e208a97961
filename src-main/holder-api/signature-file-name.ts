// The name of the .p7s for a signed file: the file's own name plus ".p7s", so the two sort and
// pair together. A name already at the length limit cannot take four more characters on any
// file system, so it is shortened (from the end, never inside a character) rather than refused:
// the file exists and deserves a signature, and the start of a name is what tells files apart.
import { maxFileNameLength } from '../contract/holder-api-schemas';

const extension = '.p7s';

export function signatureFileName(name: string): string {
  const room = maxFileNameLength - extension.length;
  if (name.length <= room) return `${name}${extension}`;
  let stem = '';
  // By code point: cutting a surrogate pair in half would leave an invalid name.
  for (const character of name) {
    if (stem.length + character.length > room) break;
    stem += character;
  }
  return `${stem}${extension}`;
}
