// Reads the admin policy file (contract/admin-policy.ts) once at start-up. The file is
// optional: absent means no contacts configured. A file that is not a regular file, too large,
// unreadable or invalid is ignored with a warning the settings screen shows — never a crash,
// never a hang: it is read like the trusted CA files (capped-file-reader.ts).
import {
  adminPolicySchema,
  defaultAdminPolicyPath,
  maxAdminPolicyFileBytes,
  noAdminPolicy,
  type AdminPolicy,
  type AdminPolicyWarning,
} from '../contract/admin-policy';
import { CappedFileRefusal, readCappedRegularFile } from './capped-file-reader';

export interface LoadedAdminPolicy {
  policy: AdminPolicy;
  warning: AdminPolicyWarning | null;
  /** The file read, or null when none is configured (shown to IT in the settings). */
  path: string | null;
}

/** YIKEY_POLICY_FILE when set (empty: no policy file at all), else the system path. */
export function adminPolicyPathFrom(environment: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnvironment = environment.YIKEY_POLICY_FILE;
  if (fromEnvironment === undefined) return defaultAdminPolicyPath;
  return fromEnvironment.trim() === '' ? null : fromEnvironment;
}

/** Never rejects. */
export async function loadAdminPolicy(path: string | null): Promise<LoadedAdminPolicy> {
  if (path === null) return { policy: noAdminPolicy, warning: null, path: null };
  const refused = (warning: AdminPolicyWarning): LoadedAdminPolicy => ({
    policy: noAdminPolicy,
    warning,
    path,
  });
  let text: string;
  try {
    text = await readCappedRegularFile(path, maxAdminPolicyFileBytes);
  } catch (error) {
    if (error instanceof CappedFileRefusal) return refused(error.reason);
    // Absent is the normal case on a PC without a deployed policy.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ...refused('unreadable'), warning: null };
    return refused('unreadable');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refused('corrupt');
  }
  const parsed = adminPolicySchema.safeParse(json);
  return parsed.success ? { policy: parsed.data, warning: null, path } : refused('corrupt');
}
