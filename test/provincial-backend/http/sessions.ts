// Console sessions: a random token in an HttpOnly, SameSite=Strict cookie; the database keeps
// only its SHA-256, next to the session's CSRF token that every form must send back.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { BackendDatabase } from '../store/database';
import type { ConsoleUser, People } from '../store/people';

export const sessionCookieName = 'yikey_backend_session';
const sessionHours = 8;

export type ConsoleSession = { user: ConsoleUser; csrfToken: string; tokenHash: Buffer };

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export class Sessions {
  constructor(
    private readonly db: BackendDatabase,
    private readonly people: People,
  ) {}

  /** Starts a session; returns the cookie value. */
  start(user: ConsoleUser): string {
    const token = randomBytes(32).toString('base64url');
    const expires = new Date(Date.now() + sessionHours * 3_600_000).toISOString();
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), user.id, randomBytes(24).toString('base64url'), expires);
    return token;
  }

  fromRequest(request: IncomingMessage): ConsoleSession | undefined {
    const token = readCookie(request.headers.cookie, sessionCookieName);
    if (!token || token.length > 100) return undefined;
    const tokenHash = hashToken(token);
    const row = this.db
      .prepare('SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?')
      .get(tokenHash) as { user_id: number; csrf_token: string; expires_at: string } | undefined;
    if (!row || Date.parse(row.expires_at) <= Date.now()) return undefined;
    const user = this.people.user(row.user_id);
    return user && { user, csrfToken: row.csrf_token, tokenHash };
  }

  end(session: ConsoleSession): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(session.tokenHash);
  }
}

export function csrfMatches(session: ConsoleSession, sent: string | null): boolean {
  if (!sent) return false;
  const expected = Buffer.from(session.csrfToken);
  const received = Buffer.from(sent);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export function sessionCookie(token: string): string {
  return `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${sessionHours * 3600}`;
}
export const clearedSessionCookie = `${sessionCookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
