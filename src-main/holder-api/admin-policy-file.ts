// Reads the admin policy file (contract/admin-policy.ts) once at start-up. The file is
// optional: absent means no contacts configured. A file that is not a regular file, too large,
// unreadable or invalid is ignored with a warning the settings screen shows — never a crash,
// never a hang: like trust-store.ts, the read is asynchronous, stat'ed first, opened with
// O_NONBLOCK (a FIFO swapped in would otherwise wait for a writer) and never reads past the cap.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import {
  adminPolicySchema,
  defaultAdminPolicyPath,
  maxAdminPolicyFileBytes,
  noAdminPolicy,
  type AdminPolicy,
  type AdminPolicyWarning,
} from '../contract/admin-policy';

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

class PolicyRefused extends Error {
  constructor(readonly warning: AdminPolicyWarning) {
    super(warning);
  }
}

async function readCapped(path: string): Promise<string> {
  const before = await stat(path);
  if (!before.isFile()) throw new PolicyRefused('not-file');
  if (before.size > maxAdminPolicyFileBytes) throw new PolicyRefused('too-large');
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new PolicyRefused('not-file');
    // One byte more than allowed tells a file that grew past the cap since the stat.
    const buffer = Buffer.alloc(Math.min(opened.size, maxAdminPolicyFileBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxAdminPolicyFileBytes) throw new PolicyRefused('too-large');
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
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
    text = await readCapped(path);
  } catch (error) {
    if (error instanceof PolicyRefused) return refused(error.warning);
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
