import { describe, expect, it } from 'vitest';
import { savedSettingNames, settingsErrorPlace } from '../../../src-renderer/state/settings-error-place';

describe('settings: where a refusal is explained, and what a save names', () => {
  it('puts driver and CA refusals next to their part of 高级（信息科）', () => {
    expect(settingsErrorPlace('module-not-pkcs11')).toBe('module');
    expect(settingsErrorPlace('module-file-unsafe')).toBe('module');
    expect(settingsErrorPlace('trusted-ca-not-ca')).toBe('trusted-ca');
    expect(settingsErrorPlace('invalid-input')).toBe('general');
  });

  it('names the changed settings in screen order, including a switch back to auto-detection', () => {
    expect(savedSettingNames({ trustedCaFiles: [], autoLockMinutes: 15, language: 'en' })).toEqual([
      'language',
      'autoLockMinutes',
      'trustedCaFiles',
    ]);
    expect(savedSettingNames({ modulePath: null })).toEqual(['modulePath']);
    expect(savedSettingNames({})).toEqual([]);
  });
});
