// The per-launch secret that proves a WebSocket client was given the URL we printed. It is
// 256 random bits, lives only in memory and in the URL fragment (never sent in HTTP requests).
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function createLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
export function secretMatches(expected: string, offered: string): boolean {
  const left = Buffer.from(expected, 'utf8');
  const right = Buffer.from(offered, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
