// Console passwords: scrypt with a random 16-byte salt per user, compared in constant time.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const keyLength = 32;
// N = 2^15, r = 8: about 32 MiB and tens of milliseconds per check on a laptop.
const parameters = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function hashPassword(password: string): { salt: Buffer; hash: Buffer } {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(password.normalize('NFC'), salt, keyLength, parameters) };
}

export function passwordMatches(password: string, salt: Buffer, hash: Buffer): boolean {
  const candidate = scryptSync(password.normalize('NFC'), salt, keyLength, parameters);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}
