// Holders' certificates (issued here or imported) and the CRL entries of revoked ones.
import type { BackendDatabase } from './database';

export type CertificateRecord = {
  id: number;
  serialHex: string;
  holderId: number;
  subject: string;
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'revoked';
  der: Buffer;
  issuedHere: boolean;
  requestId: number | null;
  receivedAt: string | null;
};
export type CrlEntry = { serialHex: string; revokedAt: string; reason: number; revokedBy: string };

type Row = {
  id: number;
  serial_hex: string;
  holder_id: number;
  subject: string;
  not_before: string;
  not_after: string;
  status: 'valid' | 'revoked';
  der: Buffer;
  issued_here: number;
  request_id: number | null;
  received_at: string | null;
};
const toRecord = (row: Row): CertificateRecord => ({
  id: row.id,
  serialHex: row.serial_hex,
  holderId: row.holder_id,
  subject: row.subject,
  notBefore: row.not_before,
  notAfter: row.not_after,
  status: row.status,
  der: row.der,
  issuedHere: row.issued_here === 1,
  requestId: row.request_id,
  receivedAt: row.received_at,
});

/** Serial numbers are compared as lower-case hex without leading zero bytes. */
export const normaliseSerial = (serial: string): string =>
  serial.toLowerCase().replace(/^(00)+(?=[0-9a-f]{2})/, '');

export class Certificates {
  constructor(private readonly db: BackendDatabase) {}

  add(record: Omit<CertificateRecord, 'id' | 'status' | 'receivedAt'>): CertificateRecord {
    this.db
      .prepare(
        `INSERT INTO certificates (serial_hex, holder_id, subject, not_before, not_after, der, issued_here, request_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(serial_hex) DO NOTHING`,
      )
      .run(
        normaliseSerial(record.serialHex),
        record.holderId,
        record.subject,
        record.notBefore,
        record.notAfter,
        record.der,
        record.issuedHere ? 1 : 0,
        record.requestId,
      );
    return this.bySerial(record.serialHex)!;
  }

  bySerial(serialHex: string): CertificateRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM certificates WHERE serial_hex = ?')
      .get(normaliseSerial(serialHex)) as Row | undefined;
    return row && toRecord(row);
  }

  byId(id: number): CertificateRecord | undefined {
    const row = this.db.prepare('SELECT * FROM certificates WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  byRequest(requestId: number): CertificateRecord | undefined {
    const row = this.db.prepare('SELECT * FROM certificates WHERE request_id = ?').get(requestId) as
      Row | undefined;
    return row && toRecord(row);
  }

  ofHolder(holderId: number): CertificateRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM certificates WHERE holder_id = ? ORDER BY not_after DESC')
      .all(holderId) as Row[];
    return rows.map(toRecord);
  }

  issuedHere(limit = 200): CertificateRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM certificates WHERE issued_here = 1 ORDER BY id DESC LIMIT ?')
      .all(limit) as Row[];
    return rows.map(toRecord);
  }

  markReceived(id: number, at: string): void {
    this.db
      .prepare('UPDATE certificates SET received_at = COALESCE(received_at, ?) WHERE id = ?')
      .run(at, id);
  }

  /** Revokes once: a second revocation of the same serial keeps the first entry. */
  revoke(serialHex: string, reason: number, revokedBy: string, at: string): CrlEntry {
    const serial = normaliseSerial(serialHex);
    this.db.prepare("UPDATE certificates SET status = 'revoked' WHERE serial_hex = ?").run(serial);
    this.db
      .prepare(
        'INSERT INTO crl_entries (serial_hex, revoked_at, reason, revoked_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(serial, at, reason, revokedBy);
    return this.crlEntries().find((entry) => entry.serialHex === serial)!;
  }

  crlEntries(): CrlEntry[] {
    const rows = this.db
      .prepare(
        'SELECT serial_hex, revoked_at, reason, revoked_by FROM crl_entries ORDER BY revoked_at, serial_hex',
      )
      .all() as { serial_hex: string; revoked_at: string; reason: number; revoked_by: string }[];
    return rows.map((row) => ({
      serialHex: row.serial_hex,
      revokedAt: row.revoked_at,
      reason: row.reason,
      revokedBy: row.revoked_by,
    }));
  }
}
