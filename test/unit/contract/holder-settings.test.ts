import { describe, expect, it } from 'vitest';
import { modulePathSettingSchema } from '../../../src-main/contract/holder-settings';

describe('modulePathSettingSchema', () => {
  it.each(['/usr/lib/opensc-pkcs11.so', 'C:\\Windows\\System32\\eTPKCS11.dll', '\\\\server\\share\\p11.dll'])(
    'accepts the absolute path %s',
    (path) => {
      expect(modulePathSettingSchema.safeParse(path).success).toBe(true);
    },
  );

  it.each(['opensc-pkcs11.so', './lib/p11.so', '', '/usr/lib/a\0b.so'])('refuses %j', (path) => {
    expect(modulePathSettingSchema.safeParse(path).success).toBe(false);
  });
});
