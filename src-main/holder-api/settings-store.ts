// The holder's preferences that the renderer may read and change. Browser mode keeps them for
// the life of the process; the Electron shell will back the same interface with a file.
import type { Language } from '../contract/error-messages';

export interface HolderPreferences {
  language: Language;
}

export interface SettingsStore {
  get(): HolderPreferences;
  update(patch: Partial<HolderPreferences>): HolderPreferences;
}

export function memorySettingsStore(initial: HolderPreferences = { language: 'zh-CN' }): SettingsStore {
  let current = { ...initial };
  return {
    get: () => ({ ...current }),
    update(patch) {
      current = { ...current, ...patch };
      return { ...current };
    },
  };
}
