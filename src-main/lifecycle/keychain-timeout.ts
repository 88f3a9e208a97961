// One bound for every keychain call (keytar → Secret Service / Keychain / Credential Manager):
// a keychain that hangs (a locked collection waiting for a prompt nobody sees) counts as none.
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
