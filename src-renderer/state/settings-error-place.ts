// Where a refused save is explained: next to what it concerns, not in one box at the bottom.
// Pure, no DOM.
import type { ErrorCode } from '../../src-main/contract/error-codes';
import type { SettingsPatch } from '../../src-main/contract/holder-settings';

export type SettingsErrorPlace = 'module' | 'trusted-ca' | 'general';

export function settingsErrorPlace(code: ErrorCode): SettingsErrorPlace {
  if (code.startsWith('module-')) return 'module';
  if (code.startsWith('trusted-ca-')) return 'trusted-ca';
  return 'general';
}

/** The settings a save changed, in screen order, for "设置已保存：…". */
export function savedSettingNames(patch: SettingsPatch): (keyof SettingsPatch)[] {
  const order: (keyof SettingsPatch)[] = [
    'language',
    'renewalWindowDays',
    'autoLockMinutes',
    'modulePath',
    'trustedCaFiles',
    'backendUrl',
  ];
  return order.filter((name) => patch[name] !== undefined);
}
