// Actions that are not request transitions (logins, authorisation codes, direct revocations),
// append-only like the request history.
import type { BackendDatabase } from './database';

export type AuditEntry = { id: number; actor: string; action: string; detail: string | null; at: string };

export class AuditLog {
  constructor(
    private readonly db: BackendDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(actor: string, action: string, detail?: string): void {
    this.db
      .prepare('INSERT INTO audit_log (actor, action, detail, at) VALUES (?, ?, ?, ?)')
      .run(actor, action, detail ?? null, this.now().toISOString());
  }

  recent(limit = 100): AuditEntry[] {
    return this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as AuditEntry[];
  }
}
