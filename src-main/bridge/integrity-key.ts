// The key that seals the approved-origins file, kept in the OS keychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows) through keytar, never in a file: a
// program that can edit the approvals file cannot also forge its seal without asking the
// keychain, which a locked or per-app keychain refuses.
import { randomBytes } from 'node:crypto';
import { loadKeytar, withKeychainTimeout } from '../holder/keychain-access';

export const integrityKeyService = 'YiKey';
export const integrityKeyAccount = 'bridge-approvals';

export interface IntegrityKeyStore {
  /** The key (created on first use); null when no keychain answers: approvals last this run only. */
  load(): Promise<Buffer | null>;
}

export function keytarIntegrityKeyStore(): IntegrityKeyStore {
  return {
    async load() {
      try {
        // Loaded on demand: a system without libsecret still runs, with approvals for this run only.
        const keytar = await loadKeytar();
        const stored = await withKeychainTimeout(
          keytar.getPassword(integrityKeyService, integrityKeyAccount),
        );
        if (stored && /^[A-Za-z0-9+/]{43}=$/.test(stored)) return Buffer.from(stored, 'base64');
        const created = randomBytes(32);
        await withKeychainTimeout(
          keytar.setPassword(integrityKeyService, integrityKeyAccount, created.toString('base64')),
        );
        return created;
      } catch {
        return null;
      }
    },
  };
}

/** No keychain at all (tests, or a caller that wants approvals for this run only). */
export const noKeychain: IntegrityKeyStore = { load: () => Promise.resolve(null) };
