// Units, holders and console users: who the backend knows.
import type { ConsoleRole } from '../workflow/request-state-machine';
import type { BackendDatabase } from './database';
import { hashPassword, passwordMatches } from './passwords';

export type Unit = { id: number; name: string };
export type Holder = {
  id: number;
  unitId: number;
  commonName: string;
  idNumber: string;
  department: string | null;
};
export type ConsoleUser = {
  id: number;
  username: string;
  displayName: string;
  role: ConsoleRole;
  unitId: number | null;
};

type HolderRow = {
  id: number;
  unit_id: number;
  common_name: string;
  id_number: string;
  department: string | null;
};
const toHolder = (row: HolderRow): Holder => ({
  id: row.id,
  unitId: row.unit_id,
  commonName: row.common_name,
  idNumber: row.id_number,
  department: row.department,
});
type UserRow = {
  id: number;
  username: string;
  display_name: string;
  role: ConsoleRole;
  unit_id: number | null;
};
const toUser = (row: UserRow): ConsoleUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  unitId: row.unit_id,
});

export class People {
  constructor(private readonly db: BackendDatabase) {}

  ensureUnit(name: string): Unit {
    this.db.prepare('INSERT INTO units (name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(name);
    return this.db.prepare('SELECT id, name FROM units WHERE name = ?').get(name) as Unit;
  }

  unit(id: number): Unit | undefined {
    return this.db.prepare('SELECT id, name FROM units WHERE id = ?').get(id) as Unit | undefined;
  }

  ensureHolder(holder: Omit<Holder, 'id'>): Holder {
    this.db
      .prepare(
        `INSERT INTO holders (unit_id, common_name, id_number, department) VALUES (?, ?, ?, ?)
         ON CONFLICT(id_number) DO UPDATE SET unit_id = excluded.unit_id, common_name = excluded.common_name,
           department = excluded.department`,
      )
      .run(holder.unitId, holder.commonName, holder.idNumber, holder.department);
    return this.holderByIdNumber(holder.idNumber)!;
  }

  holder(id: number): Holder | undefined {
    const row = this.db.prepare('SELECT * FROM holders WHERE id = ?').get(id) as HolderRow | undefined;
    return row && toHolder(row);
  }

  holderByIdNumber(idNumber: string): Holder | undefined {
    const row = this.db.prepare('SELECT * FROM holders WHERE id_number = ?').get(idNumber) as
      HolderRow | undefined;
    return row && toHolder(row);
  }

  holdersOfUnit(unitId: number): Holder[] {
    const rows = this.db
      .prepare('SELECT * FROM holders WHERE unit_id = ? ORDER BY common_name, id')
      .all(unitId) as HolderRow[];
    return rows.map(toHolder);
  }

  setSealedSoPin(holderId: number, sealed: Buffer): void {
    this.db.prepare('UPDATE holders SET so_pin_sealed = ? WHERE id = ?').run(sealed, holderId);
  }

  sealedSoPin(holderId: number): Buffer | null {
    const row = this.db.prepare('SELECT so_pin_sealed FROM holders WHERE id = ?').get(holderId) as
      { so_pin_sealed: Buffer | null } | undefined;
    return row?.so_pin_sealed ?? null;
  }

  /** Creates the user, or resets the password, name and role of an existing one. */
  upsertUser(user: Omit<ConsoleUser, 'id'>, password: string): ConsoleUser {
    const { salt, hash } = hashPassword(password);
    this.db
      .prepare(
        `INSERT INTO console_users (username, display_name, role, unit_id, password_salt, password_hash)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
           unit_id = excluded.unit_id, password_salt = excluded.password_salt, password_hash = excluded.password_hash`,
      )
      .run(user.username, user.displayName, user.role, user.unitId, salt, hash);
    return this.userByName(user.username)!;
  }

  userByName(username: string): ConsoleUser | undefined {
    const row = this.db
      .prepare('SELECT id, username, display_name, role, unit_id FROM console_users WHERE username = ?')
      .get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  user(id: number): ConsoleUser | undefined {
    const row = this.db
      .prepare('SELECT id, username, display_name, role, unit_id FROM console_users WHERE id = ?')
      .get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  /** The user when the password is right; undefined otherwise (unknown user or wrong password alike). */
  authenticate(username: string, password: string): ConsoleUser | undefined {
    const row = this.db
      .prepare('SELECT id, password_salt, password_hash FROM console_users WHERE username = ?')
      .get(username) as { id: number; password_salt: Buffer; password_hash: Buffer } | undefined;
    // An unknown name costs the same scrypt as a known one, so timing does not tell names apart.
    const salt = row?.password_salt ?? Buffer.alloc(16);
    const hash = row?.password_hash ?? Buffer.alloc(32);
    const matches = passwordMatches(password, salt, hash);
    return row && matches ? this.user(row.id) : undefined;
  }
}
