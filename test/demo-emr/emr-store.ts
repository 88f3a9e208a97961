// The demo EMR's database (better-sqlite3): every signature it accepted, with who signed, when,
// and which checks it passed. Content is not copied: the record text is the server's own.
import Database from 'better-sqlite3';

export interface StoredSignature {
  id: number;
  documentId: string;
  patient: string;
  title: string;
  /** 'content' (sign.content / sign.batch) or 'digest' (sign.digest, 仅摘要). */
  mode: 'content' | 'digest';
  doctor: string;
  certificateSerial: string;
  /** Base64 DER CMS. */
  signature: string;
  digest: string;
  signedAt: string;
  /** Both checks passed before the row was written: our verifier and `openssl cms -verify`. */
  verifiedAt: string;
}

export interface EmrStore {
  add(signature: Omit<StoredSignature, 'id'>): StoredSignature;
  list(): StoredSignature[];
  close(): void;
}

export function openEmrStore(file: string): EmrStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL, patient TEXT NOT NULL, title TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('content', 'digest')),
    doctor TEXT NOT NULL, certificate_serial TEXT NOT NULL,
    signature TEXT NOT NULL, digest TEXT NOT NULL, signed_at TEXT NOT NULL, verified_at TEXT NOT NULL
  )`);
  const insert = db.prepare(`INSERT INTO signatures
    (document_id, patient, title, mode, doctor, certificate_serial, signature, digest, signed_at, verified_at)
    VALUES (@documentId, @patient, @title, @mode, @doctor, @certificateSerial, @signature, @digest, @signedAt, @verifiedAt)`);
  const select = db.prepare(`SELECT id, document_id AS documentId, patient, title, mode, doctor,
    certificate_serial AS certificateSerial, signature, digest, signed_at AS signedAt, verified_at AS verifiedAt
    FROM signatures ORDER BY id`);
  return {
    add(signature) {
      const { lastInsertRowid } = insert.run(signature);
      return { id: Number(lastInsertRowid), ...signature };
    },
    list: () => select.all() as StoredSignature[],
    close: () => db.close(),
  };
}
