// Logged-in doctors of the demo EMR: a random session id in an HttpOnly, SameSite=Strict cookie.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Doctor {
  name: string;
  unit: string | null;
  certificateSerial: string;
  /** Base64 DER: every record this doctor signs must be signed with this certificate. */
  certificate: string;
  loggedInAt: string;
}

const cookieName = 'emr_session';
const maxSessions = 1000;

export class EmrSessions {
  private readonly sessions = new Map<string, Doctor>();

  create(doctor: Doctor): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, doctor);
    while (this.sessions.size > maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    return `${cookieName}=${id}; HttpOnly; Secure; SameSite=Strict; Path=/`;
  }

  find(request: IncomingMessage): Doctor | undefined {
    const id = this.idOf(request);
    return id ? this.sessions.get(id) : undefined;
  }

  end(request: IncomingMessage): string {
    const id = this.idOf(request);
    if (id) this.sessions.delete(id);
    return `${cookieName}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0`;
  }

  private idOf(request: IncomingMessage): string | undefined {
    const cookies = request.headers.cookie ?? '';
    const match = new RegExp(`(?:^|;\\s*)${cookieName}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(cookies);
    return match?.[1];
  }
}
