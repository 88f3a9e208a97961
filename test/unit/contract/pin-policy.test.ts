import { describe, expect, it } from 'vitest';
import { checkNewPin } from '../../../src-main/contract/pin-policy';

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
