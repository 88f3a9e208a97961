import { describe, expect, it } from 'vitest';
import { ckrToError } from '../../../src-main/token/ckr-to-error';

// pkcs11js errors carry the CKR name in the message and the numeric value in `code`.
function pkcs11Error(name: string, value: number): Error {
  return Object.assign(new Error(name), { code: value });
}

describe('ckrToError', () => {
  it('maps only CKR_PIN_INCORRECT to pin-incorrect', () => {
    expect(ckrToError(pkcs11Error('CKR_PIN_INCORRECT', 0xa0), 'C_Login').code).toBe('pin-incorrect');
    for (const [name, value] of [
      ['CKR_DEVICE_ERROR', 0x30],
      ['CKR_GENERAL_ERROR', 0x05],
      ['CKR_FUNCTION_FAILED', 0x06],
    ] as const) {
      expect(ckrToError(pkcs11Error(name, value), 'C_Login').code).not.toBe('pin-incorrect');
    }
  });

  it('maps removal, lock and length errors to their own codes', () => {
    expect(ckrToError(pkcs11Error('CKR_DEVICE_REMOVED', 0x32), 'C_Sign').code).toBe('token-removed');
    expect(ckrToError(pkcs11Error('CKR_SESSION_HANDLE_INVALID', 0xb3), 'C_Sign').code).toBe('token-removed');
    expect(ckrToError(pkcs11Error('CKR_TOKEN_NOT_PRESENT', 0xe0), 'C_OpenSession').code).toBe(
      'token-not-present',
    );
    expect(ckrToError(pkcs11Error('CKR_PIN_LOCKED', 0xa4), 'C_Login').code).toBe('pin-locked');
    expect(ckrToError(pkcs11Error('CKR_PIN_LEN_RANGE', 0xa2), 'C_SetPIN').code).toBe('pin-len-range');
  });

  it('resolves numeric codes when the message has no CKR name', () => {
    expect(ckrToError(Object.assign(new Error('native failure'), { code: 0xa4 }), 'C_Login').code).toBe(
      'pin-locked',
    );
  });

  it('keeps unknown failures generic, with the CKR name for support', () => {
    const error = ckrToError(pkcs11Error('CKR_GENERAL_ERROR', 0x05), 'C_Sign');
    expect(error.code).toBe('operation-failed');
    expect(error.details).toMatchObject({ ckr: 'CKR_GENERAL_ERROR', operation: 'C_Sign' });
    expect(ckrToError(new TypeError('bad argument'), 'C_Sign').code).toBe('operation-failed');
  });
});
