// How YiKey reaches the OS keychain (keytar → Secret Service / Keychain / Credential Manager):
// keytar loaded on demand, and one bound for every call.
import type Keytar from 'keytar';

/**
 * keytar on demand: a system without libsecret still runs (no keychain). In the CLI's and the
 * token host's CommonJS bundles, which vm.Script runs with no loader for import(), the build
 * turns this import() of a native package into require() (build/esbuild-options.mjs).
 */
export async function loadKeytar(): Promise<typeof Keytar> {
  return (await import('keytar')).default;
}

/** A keychain that hangs (a locked collection waiting for a prompt nobody sees) counts as none. */
const keychainTimeoutMs = 5_000;

export function withKeychainTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('keychain did not answer')), keychainTimeoutMs);
    timer.unref();
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
