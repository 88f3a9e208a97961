// Opens the backend's SQLite file: WAL (the CLI reads and writes while the server runs),
// foreign keys on, a busy timeout instead of SQLITE_BUSY errors, and the schema migrated.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

import { migrations } from './migrations';

export type BackendDatabase = Database.Database;

export function openDatabase(dataDir: string): BackendDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, 'backend.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: BackendDatabase): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  migrations.slice(applied).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + index + 1}`);
    })();
  });
}
