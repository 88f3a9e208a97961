// The key that seals the approved-origins file, kept in the OS keychain (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows) through keytar, never in a file: a
// program that can edit the approvals file cannot also forge its seal without asking the
// keychain, which a locked or per-app keychain refuses.
import { randomBytes } from 'node:crypto';

export const integrityKeyService = 'YiKey';
export const integrityKeyAccount = 'bridge-approvals';

export interface IntegrityKeyStore {
  /** The key (created on first use); null when no keychain answers: approvals last this run only. */
  load(): Promise<Buffer | null>;
}

/** A keychain that hangs (a locked collection waiting for a prompt nobody sees) counts as none. */
const keychainTimeoutMs = 5_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('keychain did not answer')), keychainTimeoutMs);
    timer.unref();
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

export function keytarIntegrityKeyStore(): IntegrityKeyStore {
  return {
    async load() {
      try {
        // Loaded on demand: a system without libsecret still runs, with approvals for this run only.
        const keytar = (await import('keytar')).default;
        const stored = await withTimeout(keytar.getPassword(integrityKeyService, integrityKeyAccount));
        if (stored && /^[A-Za-z0-9+/]{43}=$/.test(stored)) return Buffer.from(stored, 'base64');
        const created = randomBytes(32);
        await withTimeout(
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
