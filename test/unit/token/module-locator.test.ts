import { describe, expect, it } from 'vitest';
import { knownVendorModules, locatePkcs11Module } from '../../../src-main/token/module-locator';

describe('locatePkcs11Module', () => {
  const none = (): boolean => false;

  it('prefers the setting, then the environment', () => {
    const environment = { YIKEY_PKCS11_MODULE: '/env/module.so' };
    expect(locatePkcs11Module({ setting: '/set/module.so', environment, fileExists: none })).toMatchObject({
      path: '/set/module.so',
      source: 'setting',
    });
    expect(locatePkcs11Module({ environment, fileExists: none })).toMatchObject({
      path: '/env/module.so',
      source: 'environment',
    });
  });

  it('detects the first known vendor module present on this OS', () => {
    const feitian = '/usr/lib/libcastle.so.1.0.0';
    const choice = locatePkcs11Module({
      environment: {},
      platform: 'linux',
      fileExists: (path) => path === feitian,
    });
    expect(choice).toMatchObject({ path: feitian, source: 'detected' });
    expect(choice.vendor?.id).toBe('feitian-epass');
    expect(choice.vendor?.reinitializeAfterRemoval).toBe(true);
  });

  it('says clearly when nothing is found', () => {
    expect(() => locatePkcs11Module({ environment: {}, platform: 'linux', fileExists: none })).toThrow(
      expect.objectContaining({ code: 'module-not-found' }),
    );
  });

  it('knows the vendors a provincial deployment meets', () => {
    const ids = knownVendorModules.map((vendor) => vendor.id);
    for (const id of ['opensc', 'safenet-etoken', 'feitian-epass', 'longmai-mtoken', 'haitai', 'watchdata']) {
      expect(ids).toContain(id);
    }
  });
});
