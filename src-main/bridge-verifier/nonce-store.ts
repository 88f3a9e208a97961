// Login nonces for an EMR server: 32 random bytes each (base64url), valid once and for a few
// minutes. "Once" is what stops a replayed login: consume() forgets the nonce whatever the outcome.
import { randomBytes } from 'node:crypto';

export interface NonceStoreOptions {
  /** How long an issued nonce may be used (default 5 minutes). */
  lifetimeMs?: number;
  /** At most this many outstanding nonces; the oldest are dropped (default 10 000). */
  maxOutstanding?: number;
  now?: () => number;
}

export interface NonceStore {
  issue(): string;
  /** True exactly once per issued, unexpired nonce. */
  consume(nonce: string): boolean;
}

export function createNonceStore(options: NonceStoreOptions = {}): NonceStore {
  const lifetimeMs = options.lifetimeMs ?? 5 * 60 * 1000;
  const maxOutstanding = options.maxOutstanding ?? 10_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>(); // insertion order = issue order
  return {
    issue() {
      const nonce = randomBytes(32).toString('base64url');
      expiries.set(nonce, now() + lifetimeMs);
      while (expiries.size > maxOutstanding) expiries.delete(expiries.keys().next().value!);
      return nonce;
    },
    consume(nonce) {
      const expiry = expiries.get(nonce);
      expiries.delete(nonce);
      return expiry !== undefined && now() <= expiry;
    },
  };
}
