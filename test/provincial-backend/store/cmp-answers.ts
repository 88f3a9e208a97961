// Same CMP message → same answer: a retried or replayed message (same bytes) gets the stored
// answer instead of being processed twice.
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

  remember(requestDer: Uint8Array, transactionId: string | null, answer: Uint8Array): void {
    this.db
      .prepare(
        'INSERT INTO cmp_answers (request_sha256, transaction_id, answer, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(messageDigest(requestDer), transactionId, Buffer.from(answer), new Date().toISOString());
  }
}
