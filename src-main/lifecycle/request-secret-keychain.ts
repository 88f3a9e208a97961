// The one-time authorisation code (授权码) of an open request — re-issue (补办) or PIN unlock — kept
// in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
// through keytar, so that YiKey can poll in the background for days without asking for it again.
// The code is a MAC secret: it is never written to the journal, a log or argv, and the entry is
// deleted the moment the request ends (docs/cmp-profile.md §Re-issue). Without a keychain (none
// installed, locked, or not answering), nothing is stored and YiKey asks for the code at each sync.
import { z } from 'zod';
import { loadKeytar, withKeychainTimeout } from './keychain-access';

export const requestSecretService = 'YiKey';

/** The keychain entry of one request: one account per request id. */
export function requestSecretAccount(requestId: string): string {
  return `request-secret:${z.string().uuid().parse(requestId)}`;
}

export interface RequestSecretStore {
  /** Keeps the code of this request; false when no keychain took it (ask again at each sync). */
  save(requestId: string, code: string): Promise<boolean>;
  /** The kept code, or null (none kept, or no keychain answers). */
  load(requestId: string): Promise<string | null>;
  /** Forgets the code; nothing happens when there was none or no keychain answers. */
  remove(requestId: string): Promise<void>;
}

/** What an authorisation code looks like: 1–64 printable characters (checked again by the workflows). */
const storableCode = z
  .string()
  .min(1)
  .max(64)
  .refine((code) => [...code].every((character) => character >= ' ' && character !== '\u007f'));

export function keytarRequestSecretStore(): RequestSecretStore {
  return {
    async save(requestId, code) {
      const account = requestSecretAccount(requestId);
      if (!storableCode.safeParse(code).success) return false;
      try {
        const keytar = await loadKeytar();
        await withKeychainTimeout(keytar.setPassword(requestSecretService, account, code));
        return true;
      } catch {
        return false;
      }
    },
    async load(requestId) {
      const account = requestSecretAccount(requestId);
      try {
        const keytar = await loadKeytar();
        const stored = await withKeychainTimeout(keytar.getPassword(requestSecretService, account));
        return stored !== null && storableCode.safeParse(stored).success ? stored : null;
      } catch {
        return null;
      }
    },
    async remove(requestId) {
      const account = requestSecretAccount(requestId);
      try {
        const keytar = await loadKeytar();
        await withKeychainTimeout(keytar.deletePassword(requestSecretService, account));
      } catch {
        // No keychain: nothing was kept.
      }
    },
  };
}

/** No keychain (tests of other parts, or a caller that must not keep the code). */
export const noRequestSecretStore: RequestSecretStore = {
  save: () => Promise.resolve(false),
  load: () => Promise.resolve(null),
  remove: () => Promise.resolve(),
};
