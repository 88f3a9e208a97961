import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHolderPreferences } from '../../../src-main/contract/holder-settings';
import { defaultSettingsPath, fileSettingsStore } from '../../../src-main/holder-api/settings-file';

describe('fileSettingsStore', () => {
  let directory: string;
  let file: string;
  const reports: string[] = [];
  const report = (message: string): number => reports.push(message);

  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-settings-'));
    file = path.join(directory, 'yikey', 'settings.json');
    reports.length = 0;
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('uses $XDG_CONFIG_HOME/yikey/settings.json', () => {
    expect(defaultSettingsPath({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/yikey/settings.json');
  });

  it('starts with the defaults, saves JSON and reads it back', () => {
    const store = fileSettingsStore(file, report);
    expect(store.load()).toEqual(defaultHolderPreferences);
    store.save({ ...defaultHolderPreferences, renewalWindowDays: 45, modulePath: '/opt/x.so' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      renewalWindowDays: 45,
      modulePath: '/opt/x.so',
    });
    expect(fileSettingsStore(file, report).load()).toMatchObject({
      renewalWindowDays: 45,
      autoLockMinutes: 10,
    });
    expect(reports).toEqual([]);
  });

  it.each([
    ['not JSON', '{"renewalWindowDays": 4'],
    ['out of range', '{"renewalWindowDays": 0}'],
    ['wrong type', '{"autoLockMinutes": "ten"}'],
    ['unknown language', '{"language": "fr"}'],
  ])('a corrupt file (%s) gives the defaults and a warning, never a crash', (_case, content) => {
    writeFileSync(path.join(directory, 'settings.json'), content);
    const corrupt = path.join(directory, 'settings.json');
    const store = fileSettingsStore(corrupt, report);
    expect(store.load()).toEqual(defaultHolderPreferences);
    expect(store.warning).toBe('corrupt');
    expect(reports.join('\n')).toMatch(/设置文件已损坏.*Settings file is corrupt/);
    // Set aside for IT, not deleted.
    expect(readdirSync(directory).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
    store.save(defaultHolderPreferences);
    expect(store.warning).toBeNull();
  });

  it('refuses to save values outside the limits', () => {
    const store = fileSettingsStore(file, report);
    expect(() => store.save({ ...defaultHolderPreferences, autoLockMinutes: 121 })).toThrow();
    expect(existsSync(file)).toBe(false);
  });
});
