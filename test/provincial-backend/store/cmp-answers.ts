// Same CMP message → same answer: a retried message (same bytes) gets the stored answer instead
// of being processed twice — as long as it is the latest message of its transaction; an older
// one replayed is refused by the endpoint (cmp-nonce-check.ts).
import { createHash } from 'node:crypto';

import type { BackendDatabase } from './database';

export const messageDigest = (der: Uint8Array): Buffer => createHash('sha256').update(der).digest();

export class CmpAnswers {
  constructor(private readonly db: BackendDatabase) {}

  find(requestDer: Uint8Array): Buffer | undefined {
    const row = this.db
      .prepare('SELECT answer FROM cmp_answers WHERE request_sha256 = ?')
      .get(messageDigest(requestDer)) as { answer: Buffer } | undefined;
    return row?.answer;
  }

  /** Whether this message is the latest one answered in its transaction (a resend, not a replay). */
  isLatestOfItsTransaction(requestDer: Uint8Array): boolean {
    const digest = messageDigest(requestDer);
    const row = this.db
      .prepare('SELECT transaction_id FROM cmp_answers WHERE request_sha256 = ?')
      .get(digest) as { transaction_id: string | null } | undefined;
    if (!row?.transaction_id) return true;
    const latest = this.db
      .prepare('SELECT request_sha256 FROM cmp_answers WHERE transaction_id = ? ORDER BY rowid DESC LIMIT 1')
      .get(row.transaction_id) as { request_sha256: Buffer };
    return latest.request_sha256.equals(digest);
  }

  /** Every answer sent in the transaction, oldest first (their senderNonces are what may come back). */
  answersOf(transactionId: string): Buffer[] {
    const rows = this.db
      .prepare('SELECT answer FROM cmp_answers WHERE transaction_id = ? ORDER BY rowid')
      .all(transactionId) as { answer: Buffer }[];
    return rows.map((row) => row.answer);
  }

  /** Whether a message of the transaction answered so far carried a recipNonce. */
  echoedIn(transactionId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM cmp_answers WHERE transaction_id = ? AND echoed_nonce = 1 LIMIT 1')
        .get(transactionId) !== undefined
    );
  }

  remember(
    requestDer: Uint8Array,
    transactionId: string | null,
    answer: Uint8Array,
    echoedNonce = false,
  ): void {
    this.db
      .prepare(
        'INSERT INTO cmp_answers (request_sha256, transaction_id, answer, at, echoed_nonce) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(
        messageDigest(requestDer),
        transactionId,
        Buffer.from(answer),
        new Date().toISOString(),
        echoedNonce ? 1 : 0,
      );
  }
}
