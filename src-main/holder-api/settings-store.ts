// Where the holder's preferences live. The file store (settings-file.ts) is what the app uses;
// the memory store is for tests and for a run that must not touch the holder's files.
import type { SettingsFileWarning } from '../contract/holder-api-schemas';
import { defaultHolderPreferences, type HolderPreferences } from '../contract/holder-settings';

export type { HolderPreferences };

export interface SettingsStore {
  /** What was loaded (or last saved); defaults when there was nothing usable. */
  load(): HolderPreferences;
  /** Persists the whole preferences; throws YiKeyError('file-write-failed') on failure. */
  save(next: HolderPreferences): void;
  /** Set when the stored preferences could not be used as they were. */
  readonly warning: SettingsFileWarning | null;
}

export function memorySettingsStore(initial: Partial<HolderPreferences> = {}): SettingsStore {
  let current: HolderPreferences = { ...defaultHolderPreferences, ...initial };
  return {
    load: () => ({ ...current }),
    save(next) {
      current = { ...next };
    },
    warning: null,
  };
}
