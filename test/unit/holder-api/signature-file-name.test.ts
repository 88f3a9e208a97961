// The .p7s name for a signed file keeps the file's name when it fits and is shortened, never
// split inside a character, when the name is already at the length limit.
import { describe, expect, it } from 'vitest';
import { fileNameSchema, maxFileNameLength } from '../../../src-main/contract/holder-api-schemas';
import { signatureFileName } from '../../../src-main/holder-api/signature-file-name';

describe('signatureFileName', () => {
  it('appends .p7s to a name that leaves room for it', () => {
    expect(signatureFileName('出院小结.txt')).toBe('出院小结.txt.p7s');
    const longest = 'a'.repeat(maxFileNameLength - 4);
    expect(signatureFileName(longest)).toBe(`${longest}.p7s`);
  });

  it.each([252, 253, 254, 255])('gives a valid name for a %i-character file name', (length) => {
    const name = `${'病'.repeat(length - 4)}.pdf`;
    const result = signatureFileName(name);
    expect(fileNameSchema.safeParse(result).success).toBe(true);
    expect(result).toHaveLength(maxFileNameLength);
    expect(result.endsWith('.p7s')).toBe(true);
    expect(name.startsWith(result.slice(0, -4))).toBe(true);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    // 250 + 2 + 2 = 254 units; only 251 fit before ".p7s", and the emoji would straddle the cut.
    const result = signatureFileName(`${'a'.repeat(250)}😀bc`);
    expect(result).toBe(`${'a'.repeat(250)}.p7s`);
    expect(Buffer.from(result, 'utf8').toString('utf8')).toBe(result); // no lone surrogate
  });
});
