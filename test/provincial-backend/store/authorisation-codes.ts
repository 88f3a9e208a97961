// One-time authorisation codes (授权码) for re-issue and PIN unlock: a reference number the
// holder types next to the code, single use, with an expiry. The code is the MAC secret of the
// holder's CMP message, so the backend must be able to recompute it: it is kept sealed under the
// CA token's secret key (a database copy alone does not reveal it), not as a one-way hash.
import { randomInt } from 'node:crypto';

import type { BackendDatabase } from './database';

export type AuthorisationPurpose = 'reissue' | 'unlock';
export type SecretSealer = { seal(plain: Buffer): Buffer; unseal(sealed: Buffer): Buffer };

export type IssuedAuthorisationCode = {
  reference: string;
  code: string;
  purpose: AuthorisationPurpose;
  holderId: number;
  expiresAt: string;
};
export type AuthorisationCodeRecord = Omit<IssuedAuthorisationCode, 'code'> & {
  id: number;
  usedAt: string | null;
  usedByRequest: number | null;
};

// No 0/O, 1/I/L: read aloud over the phone and typed by hand.
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const codeLength = 12;
export const authorisationCodeDays = 7;

const randomCode = (): string =>
  Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
const randomReference = (): string => String(randomInt(1e9, 1e10));

type Row = {
  id: number;
  reference: string;
  code_sealed: Buffer;
  purpose: AuthorisationPurpose;
  holder_id: number;
  expires_at: string;
  used_at: string | null;
  used_by_request: number | null;
};

export class AuthorisationCodes {
  constructor(
    private readonly db: BackendDatabase,
    private readonly sealer: SecretSealer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(holderId: number, purpose: AuthorisationPurpose, createdBy: string): IssuedAuthorisationCode {
    const code = randomCode();
    const reference = randomReference();
    const created = this.now();
    const expiresAt = new Date(created.getTime() + authorisationCodeDays * 86_400_000).toISOString();
    this.db
      .prepare(
        `INSERT INTO authorisation_codes (reference, code_sealed, purpose, holder_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        reference,
        this.sealer.seal(Buffer.from(code, 'utf8')),
        purpose,
        holderId,
        createdBy,
        created.toISOString(),
        expiresAt,
      );
    return { reference, code, purpose, holderId, expiresAt };
  }

  byReference(reference: string): AuthorisationCodeRecord | undefined {
    const row = this.row(reference);
    return row && this.toRecord(row);
  }

  /** The secret for checking a MAC, or null when the reference is unknown. */
  secretOf(reference: string): Buffer | null {
    const row = this.row(reference);
    return row ? this.sealer.unseal(row.code_sealed) : null;
  }

  /** Why the code cannot be used now, or null when it can. */
  unusableBecause(record: AuthorisationCodeRecord, purpose: AuthorisationPurpose): string | null {
    if (record.purpose !== purpose) return `the authorisation code is for ${record.purpose}, not ${purpose}`;
    if (record.usedAt) return 'the authorisation code has already been used';
    if (Date.parse(record.expiresAt) <= this.now().getTime()) return 'the authorisation code has expired';
    return null;
  }

  markUsed(id: number, requestId: number): void {
    const result = this.db
      .prepare(
        'UPDATE authorisation_codes SET used_at = ?, used_by_request = ? WHERE id = ? AND used_at IS NULL',
      )
      .run(this.now().toISOString(), requestId, id);
    if (result.changes !== 1) throw new Error('the authorisation code has already been used');
  }

  private row(reference: string): Row | undefined {
    return this.db.prepare('SELECT * FROM authorisation_codes WHERE reference = ?').get(reference) as
      Row | undefined;
  }

  private toRecord(row: Row): AuthorisationCodeRecord {
    return {
      id: row.id,
      reference: row.reference,
      purpose: row.purpose,
      holderId: row.holder_id,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      usedByRequest: row.used_by_request,
    };
  }
}
