import { describe, expect, it } from 'vitest';
import { checkEnteredPin, checkNewPin, pinByteLength } from '../../../src-main/contract/pin-policy';

describe('checkNewPin', () => {
  it('accepts a reasonable PIN', () => {
    expect(checkNewPin({ newPin: '739184', oldPin: '123456', confirmation: '739184' })).toEqual([]);
  });

  it.each([
    ['12345', 'too-short'],
    ['12345678901234567', 'too-long'],
    ['111111', 'repeated-character'],
    ['123456', 'simple-sequence'],
    ['987654', 'simple-sequence'],
    ['abcdef', 'simple-sequence'],
    ['73918 4', 'not-printable'],
  ])('refuses %s as %s', (newPin, violation) => {
    expect(checkNewPin({ newPin })).toContain(violation);
  });

  it('refuses the old PIN and a mismatched confirmation', () => {
    expect(checkNewPin({ newPin: '739184', oldPin: '739184' })).toContain('same-as-old');
    expect(checkNewPin({ newPin: '739184', confirmation: '739185' })).toContain('confirmation-mismatch');
  });

  it('uses the token limits when given', () => {
    expect(checkNewPin({ newPin: '7391', minLength: 4, maxLength: 8 })).toEqual([]);
  });
});

describe('PIN length in bytes and printable ASCII', () => {
  it('counts UTF-8 bytes, as a key counts its PIN length', () => {
    expect(pinByteLength('482916')).toBe(6);
    expect(pinByteLength('张三')).toBe(6);
    expect(pinByteLength('４８２９１６')).toBe(18);
  });

  it('measures a new PIN in bytes: nine two-byte letters are too long for a 16-byte key', () => {
    expect(checkNewPin({ newPin: 'é'.repeat(9) })).toEqual(
      expect.arrayContaining(['too-long', 'not-printable']),
    );
  });

  it('accepts printable ASCII for an entered PIN, spaces included, and nothing else', () => {
    const limits = { minLength: 6, maxLength: 16 };
    expect(checkEnteredPin({ pin: 'ab 12!', ...limits })).toBeNull();
    expect(checkEnteredPin({ pin: 'ä23456', ...limits })).toBe('not-printable');
    expect(checkEnteredPin({ pin: '４８２９１６', ...limits })).toBe('not-printable');
    expect(checkEnteredPin({ pin: '48291\t', ...limits })).toBe('not-printable');
    expect(checkEnteredPin({ pin: '48291', ...limits })).toBe('too-short');
    expect(checkEnteredPin({ pin: '4'.repeat(17), ...limits })).toBe('too-long');
  });
});
