// The holder's preferences: what may be set, within which limits, and the defaults. One table
// for the settings file (validated on load), the settings:set input (validated by the
// dispatcher) and the settings screen (validated before sending), so all three agree.
// Pure module: zod only.
import { z } from 'zod';

export const settingLimits = {
  /** Provincial rules art. 17: renew when fewer than 30 days remain; a hospital may warn earlier. */
  renewalWindowDays: { min: 1, max: 365, default: 30 },
  /** Art. 18: log out when leaving the PC. Two hours is the longest a locked-screen-less PC should wait. */
  autoLockMinutes: { min: 1, max: 120, default: 10 },
} as const;

export const settingsLanguageSchema = z.enum(['zh-CN', 'en']);

const boundedInteger = (limits: { min: number; max: number }) =>
  z.number().int().min(limits.min).max(limits.max);

/** A PKCS#11 module path chosen by the holder; null means "detect automatically". */
export const modulePathSettingSchema = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  // A NUL would truncate the path in dlopen and load a different file than the one shown.
  .refine((path) => !path.includes('\0'), 'no NUL characters')
  // Absolute only: a bare name would be looked up on the library search path, so what loads
  // would depend on the environment rather than on what the holder chose.
  .refine((path) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path), 'an absolute path');

/** A PEM file with trusted CA certificates (the provincial CA root or intermediates). */
export const trustedCaFileSchema = modulePathSettingSchema;

/**
 * Why a provincial CA service address (证书服务地址) is not acceptable, or null. https, or plain
 * http to this computer only (a test or demo backend): anything else would send the holder's
 * signed requests in the clear.
 */
export function backendUrlProblem(value: string): 'not-url' | 'not-https' | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'not-url';
  }
  if (url.username || url.password || url.hash) return 'not-url';
  if (url.protocol === 'https:') return null;
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  return url.protocol === 'http:' && loopback ? null : 'not-https';
}

export const backendUrlSettingSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((value) => backendUrlProblem(value) === null, 'https, or http to this computer only');

/** A handful of provincial CA files is the real case; the bound keeps a pasted list sane. */
export const maxTrustedCaFiles = 32;

export const holderPreferencesSchema = z.object({
  language: settingsLanguageSchema,
  modulePath: modulePathSettingSchema.nullable(),
  renewalWindowDays: boundedInteger(settingLimits.renewalWindowDays),
  autoLockMinutes: boundedInteger(settingLimits.autoLockMinutes),
  trustedCaFiles: z.array(trustedCaFileSchema).max(maxTrustedCaFiles),
  /** The provincial CA service (CMP) address; null: from IT's policy file or none. */
  backendUrl: backendUrlSettingSchema.nullable(),
});
export type HolderPreferences = z.infer<typeof holderPreferencesSchema>;

export const defaultHolderPreferences: HolderPreferences = {
  language: 'zh-CN',
  modulePath: null,
  renewalWindowDays: settingLimits.renewalWindowDays.default,
  autoLockMinutes: settingLimits.autoLockMinutes.default,
  trustedCaFiles: [],
  backendUrl: null,
};

/** What settings:set accepts: any subset, each field within its limits. */
export const settingsPatchSchema = holderPreferencesSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export type BoundedSetting = keyof typeof settingLimits;

/** Checks one numeric setting as typed in a form; null when acceptable. */
export function boundedSettingProblem(
  name: BoundedSetting,
  value: number,
): 'not-integer' | 'out-of-range' | null {
  if (!Number.isInteger(value)) return 'not-integer';
  const { min, max } = settingLimits[name];
  return value < min || value > max ? 'out-of-range' : null;
}
