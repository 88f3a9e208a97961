// Numbered schema migrations, applied in order inside one transaction each; user_version records
// the last one applied. Append new migrations at the end, never edit an applied one.
export const migrations: readonly string[] = [
  // 1: people, certificates, requests and their append-only history.
  `
  CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE holders (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    common_name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    department TEXT,
    -- The holder key's security officer PIN, encrypted under the CA token's secret key (PIN unlock).
    so_pin_sealed BLOB
  );
  CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    serial_hex TEXT NOT NULL UNIQUE,
    holder_id INTEGER NOT NULL REFERENCES holders(id),
    subject TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'revoked')) DEFAULT 'valid',
    der BLOB NOT NULL,
    -- 1: issued by this CA; 0: imported (issued earlier, e.g. by the virtual key's test CA).
    issued_here INTEGER NOT NULL CHECK (issued_here IN (0, 1)),
    request_id INTEGER REFERENCES requests(id),
    received_at TEXT
  );
  CREATE INDEX certificates_holder ON certificates(holder_id);
  CREATE TABLE console_users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('unit-admin', 'info-centre', 'ca-operator')),
    unit_id INTEGER REFERENCES units(id),
    password_salt BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    CHECK ((role = 'unit-admin') = (unit_id IS NOT NULL))
  );
  CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES console_users(id),
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('renew', 'change', 'revoke', 'reissue', 'unlock')),
    holder_id INTEGER NOT NULL REFERENCES holders(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    transaction_id TEXT UNIQUE,
    stage TEXT NOT NULL CHECK (stage IN ('submitted', 'unit-review', 'centre-review', 'issuing',
      'awaiting-install', 'done', 'rejected', 'withdrawn')),
    initiated_by TEXT NOT NULL CHECK (initiated_by IN ('holder', 'unit')),
    -- The certificate the request is about (renewal, change, revocation) and what it asks for.
    certificate_id INTEGER REFERENCES certificates(id),
    public_key BLOB,
    requested_subject TEXT,
    revocation_reason INTEGER,
    reject_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX requests_stage ON requests(stage);
  CREATE TABLE request_transitions (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    reason TEXT,
    at TEXT NOT NULL
  );
  CREATE TRIGGER request_transitions_no_update BEFORE UPDATE ON request_transitions
    BEGIN SELECT RAISE(ABORT, 'request_transitions is append-only'); END;
  CREATE TRIGGER request_transitions_no_delete BEFORE DELETE ON request_transitions
    BEGIN SELECT RAISE(ABORT, 'request_transitions is append-only'); END;
  CREATE TABLE authorisation_codes (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- Encrypted under the CA token's secret key: a MAC check needs the code itself (see README).
    code_sealed BLOB NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('reissue', 'unlock')),
    holder_id INTEGER NOT NULL REFERENCES holders(id),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by_request INTEGER REFERENCES requests(id)
  );
  CREATE TABLE crl_entries (
    serial_hex TEXT PRIMARY KEY REFERENCES certificates(serial_hex),
    revoked_at TEXT NOT NULL,
    reason INTEGER NOT NULL,
    revoked_by TEXT NOT NULL
  );
  CREATE TRIGGER crl_entries_no_delete BEFORE DELETE ON crl_entries
    BEGIN SELECT RAISE(ABORT, 'crl_entries is append-only'); END;
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  -- Same CMP message → same answer: the DER of every answer, keyed by the request's SHA-256.
  CREATE TABLE cmp_answers (
    request_sha256 BLOB PRIMARY KEY,
    transaction_id TEXT,
    answer BLOB NOT NULL,
    at TEXT NOT NULL
  );
  `,
  // 2: the SO PIN chosen for a PIN unlock, sealed, until YiKey reports it set (then the holder's).
  `ALTER TABLE requests ADD COLUMN so_pin_next_sealed BLOB;`,
  // 3: whether the message carried a recipNonce: once a client echoed one of our nonces in a
  // transaction, its later messages must echo too (cmp/cmp-nonce-check.ts).
  `ALTER TABLE cmp_answers ADD COLUMN echoed_nonce INTEGER NOT NULL DEFAULT 0;`,
];
