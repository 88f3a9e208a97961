// The holder's preferences as JSON in the per-user config directory
// ($XDG_CONFIG_HOME/yikey/settings.json, or a path given by the caller). The file is validated
// with the contract's schema on load: a file that does not parse or breaks a limit is set aside
// (renamed, not deleted, so IT can look at it) and the defaults are used, with a warning the
// settings screen shows. Writes go to a temp file first and are renamed into place, so a crash
// mid-write never leaves half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SettingsFileWarning } from '../contract/holder-api-schemas';
import {
  defaultHolderPreferences,
  holderPreferencesSchema,
  type HolderPreferences,
} from '../contract/holder-settings';
import { YiKeyError } from '../contract/yikey-error';
import type { SettingsStore } from './settings-store';

export function defaultSettingsPath(environment: NodeJS.ProcessEnv = process.env): string {
  const configHome = environment.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config');
  return path.join(configHome, 'yikey', 'settings.json');
}

// Fields added in later versions are filled from the defaults, so an older file stays valid.
const storedPreferencesSchema = holderPreferencesSchema.partial();

interface Loaded {
  preferences: HolderPreferences;
  warning: SettingsFileWarning | null;
}

function readPreferences(file: string, report: (message: string) => void): Loaded {
  if (!existsSync(file)) return { preferences: { ...defaultHolderPreferences }, warning: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    report(
      `设置文件无法读取，已使用默认设置 Settings file unreadable, using defaults: ${file} (${String(error)})`,
    );
    return { preferences: { ...defaultHolderPreferences }, warning: 'unreadable' };
  }
  let parsed: ReturnType<typeof storedPreferencesSchema.safeParse> | undefined;
  try {
    parsed = storedPreferencesSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return { preferences: { ...defaultHolderPreferences, ...parsed.data }, warning: null };
  const aside = `${file}.corrupt-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch {
    // Keeping the corrupt file in place is acceptable; the next save replaces it.
  }
  report(`设置文件已损坏，已使用默认设置 Settings file is corrupt, using defaults; kept as ${aside}`);
  return { preferences: { ...defaultHolderPreferences }, warning: 'corrupt' };
}

export function fileSettingsStore(
  file: string = defaultSettingsPath(),
  report: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): SettingsStore {
  const loaded = readPreferences(file, report);
  let current = loaded.preferences;
  let warning = loaded.warning;
  return {
    load: () => ({ ...current }),
    save(next) {
      const valid = holderPreferencesSchema.parse(next);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        writeFileSync(temporary, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
        renameSync(temporary, file);
      } catch (error) {
        throw new YiKeyError('file-write-failed', `Cannot save the settings to ${file}: ${String(error)}`, {
          path: file,
        });
      }
      current = valid;
      // The file is sound again: nothing left to warn about.
      warning = null;
    },
    get warning() {
      return warning;
    },
  };
}
