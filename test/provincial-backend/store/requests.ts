// Lifecycle requests and their append-only history. Every stage change goes through
// `transition`, which asks the state machine first and writes the change and its history row
// in one transaction, so a refused or half-done change leaves nothing behind.
import {
  decideTransition,
  type Actor,
  type RequestAction,
  type RequestKind,
  type Stage,
} from '../workflow/request-state-machine';
import type { BackendDatabase } from './database';

export type RequestRecord = {
  id: number;
  kind: RequestKind;
  holderId: number;
  unitId: number;
  transactionId: string | null;
  stage: Stage;
  initiatedBy: 'holder' | 'unit';
  certificateId: number | null;
  publicKey: Buffer | null;
  requestedSubject: string | null;
  revocationReason: number | null;
  rejectReason: string | null;
  createdAt: string;
  updatedAt: string;
};
export type TransitionRecord = {
  id: number;
  requestId: number;
  fromStage: Stage | null;
  toStage: Stage;
  actor: string;
  actorRole: string;
  reason: string | null;
  at: string;
};
export type NewRequest = Pick<RequestRecord, 'kind' | 'holderId' | 'unitId' | 'initiatedBy'> &
  Partial<
    Pick<
      RequestRecord,
      'transactionId' | 'certificateId' | 'publicKey' | 'requestedSubject' | 'revocationReason'
    >
  >;

export class TransitionRefused extends Error {
  override name = 'TransitionRefused';
}

type Row = {
  id: number;
  kind: RequestKind;
  holder_id: number;
  unit_id: number;
  transaction_id: string | null;
  stage: Stage;
  initiated_by: 'holder' | 'unit';
  certificate_id: number | null;
  public_key: Buffer | null;
  requested_subject: string | null;
  revocation_reason: number | null;
  reject_reason: string | null;
  created_at: string;
  updated_at: string;
};
const toRecord = (row: Row): RequestRecord => ({
  id: row.id,
  kind: row.kind,
  holderId: row.holder_id,
  unitId: row.unit_id,
  transactionId: row.transaction_id,
  stage: row.stage,
  initiatedBy: row.initiated_by,
  certificateId: row.certificate_id,
  publicKey: row.public_key,
  requestedSubject: row.requested_subject,
  revocationReason: row.revocation_reason,
  rejectReason: row.reject_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class Requests {
  constructor(
    private readonly db: BackendDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new request at stage `submitted`, with its first history row. */
  create(request: NewRequest, actor: Actor): RequestRecord {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO requests (kind, holder_id, unit_id, transaction_id, stage, initiated_by, certificate_id,
             public_key, requested_subject, revocation_reason, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          request.kind,
          request.holderId,
          request.unitId,
          request.transactionId ?? null,
          request.initiatedBy,
          request.certificateId ?? null,
          request.publicKey ?? null,
          request.requestedSubject ?? null,
          request.revocationReason ?? null,
          at,
          at,
        );
      const id = Number(lastInsertRowid);
      this.appendHistory(id, null, 'submitted', actor.name, actorRoleOf(actor), null, at);
      return this.byId(id)!;
    })();
  }

  /** Applies `action` if the state machine allows it; throws TransitionRefused otherwise. */
  transition(id: number, action: RequestAction, actor: Actor, reason?: string): RequestRecord {
    return this.db.transaction(() => {
      const request = this.byId(id);
      if (!request) throw new TransitionRefused(`no request ${id}`);
      const verdict = decideTransition(request, action, actor, reason);
      if (!verdict.allowed) throw new TransitionRefused(verdict.why);
      const at = this.now().toISOString();
      const trimmed = reason?.trim() || null;
      this.db
        .prepare(
          `UPDATE requests SET stage = ?, updated_at = ?,
             reject_reason = CASE WHEN ? = 'rejected' THEN ? ELSE reject_reason END WHERE id = ?`,
        )
        .run(verdict.to, at, verdict.to, trimmed, id);
      this.appendHistory(id, request.stage, verdict.to, actor.name, verdict.actorRole, trimmed, at);
      return this.byId(id)!;
    })();
  }

  /** Links a holder's CMP transaction (and new key) to a request the unit started. */
  attachTransaction(id: number, transactionId: string, publicKey: Buffer | null): void {
    this.db
      .prepare(
        'UPDATE requests SET transaction_id = ?, public_key = COALESCE(?, public_key), updated_at = ? WHERE id = ? AND transaction_id IS NULL',
      )
      .run(transactionId, publicKey, this.now().toISOString(), id);
  }

  setNextSoPin(id: number, sealed: Buffer): void {
    this.db.prepare('UPDATE requests SET so_pin_next_sealed = ? WHERE id = ?').run(sealed, id);
  }

  nextSoPin(id: number): Buffer | null {
    const row = this.db.prepare('SELECT so_pin_next_sealed FROM requests WHERE id = ?').get(id) as
      { so_pin_next_sealed: Buffer | null } | undefined;
    return row?.so_pin_next_sealed ?? null;
  }

  byId(id: number): RequestRecord | undefined {
    const row = this.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  byTransaction(transactionId: string): RequestRecord | undefined {
    const row = this.db.prepare('SELECT * FROM requests WHERE transaction_id = ?').get(transactionId) as
      Row | undefined;
    return row && toRecord(row);
  }

  list(filter: { unitId?: number; stage?: Stage; holderId?: number } = {}): RequestRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM requests WHERE (@unitId IS NULL OR unit_id = @unitId) AND (@stage IS NULL OR stage = @stage)
           AND (@holderId IS NULL OR holder_id = @holderId) ORDER BY id DESC`,
      )
      .all({
        unitId: filter.unitId ?? null,
        stage: filter.stage ?? null,
        holderId: filter.holderId ?? null,
      }) as Row[];
    return rows.map(toRecord);
  }

  history(id: number): TransitionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM request_transitions WHERE request_id = ? ORDER BY id')
      .all(id) as {
      id: number;
      request_id: number;
      from_stage: Stage | null;
      to_stage: Stage;
      actor: string;
      actor_role: string;
      reason: string | null;
      at: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      requestId: row.request_id,
      fromStage: row.from_stage,
      toStage: row.to_stage,
      actor: row.actor,
      actorRole: row.actor_role,
      reason: row.reason,
      at: row.at,
    }));
  }

  private appendHistory(
    requestId: number,
    from: Stage | null,
    to: Stage,
    actor: string,
    role: string,
    reason: string | null,
    at: string,
  ): void {
    this.db
      .prepare(
        'INSERT INTO request_transitions (request_id, from_stage, to_stage, actor, actor_role, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(requestId, from, to, actor, role, reason, at);
  }
}

const actorRoleOf = (actor: Actor): string => (actor.kind === 'console' ? actor.role : actor.kind);
