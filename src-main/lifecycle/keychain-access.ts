// How YiKey reaches the OS keychain (keytar → Secret Service / Keychain / Credential Manager):
// keytar loaded on demand, and one bound for every call.
import type Keytar from 'keytar';

/**
 * keytar on demand: a system without libsecret still runs (no keychain). The CLI runs as a
 * CommonJS bundle from a V8 code cache (build/code-cached-bundle.ts), where import() of a
 * package fails (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); there the bundle's `require` is in
 * scope and is used. Elsewhere (ES modules: browser mode, Electron, tests) import().
 */
export async function loadKeytar(): Promise<typeof Keytar> {
  if (typeof require === 'function')
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: CommonJS bundle only
    return require('keytar') as typeof Keytar;
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
