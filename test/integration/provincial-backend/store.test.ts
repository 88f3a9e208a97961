// The backend's SQLite store on a real file: requests and their history survive closing and
// reopening, history rows cannot be changed or deleted, a refused transition writes nothing,
// and authorisation codes are single use, expire, and are not in the file in clear.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuthorisationCodes, type SecretSealer } from '../../provincial-backend/store/authorisation-codes';
import { openDatabase, type BackendDatabase } from '../../provincial-backend/store/database';
import { People } from '../../provincial-backend/store/people';
import { Requests, TransitionRefused } from '../../provincial-backend/store/requests';
import type { Actor } from '../../provincial-backend/workflow/request-state-machine';

// A stand-in for the token's sealing key: these tests are about the store, not the token.
const xorSealer: SecretSealer = {
  seal: (plain) => Buffer.from(plain.map((byte) => byte ^ 0x5a)),
  unseal: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)),
};

let dataDir: string;
let db: BackendDatabase;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'backend-store-'));
  db = openDatabase(dataDir);
});
afterEach(() => {
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function seedHolder(database: BackendDatabase) {
  const people = new People(database);
  const unit = people.ensureUnit('某某市第一人民医院');
  const holder = people.ensureHolder({
    unitId: unit.id,
    commonName: '张三',
    idNumber: '110101198503151234',
    department: null,
  });
  const admin: Actor = { kind: 'console', name: 'admin', role: 'unit-admin', unitId: unit.id };
  return { unit, holder, admin };
}

describe('backend store', () => {
  it('keeps a request and its whole history (who, when, why) across a reopen', () => {
    const { unit, holder, admin } = seedHolder(db);
    const requests = new Requests(db);
    const created = requests.create(
      { kind: 'renew', holderId: holder.id, unitId: unit.id, initiatedBy: 'holder', transactionId: 'abc' },
      { kind: 'holder', name: 'holder:01', holderId: holder.id },
    );
    requests.transition(created.id, 'accept', { kind: 'system', name: 'backend' });
    requests.transition(created.id, 'reject', admin, '身份证明材料不全');
    db.close();

    db = openDatabase(dataDir);
    const reopened = new Requests(db);
    expect(reopened.byTransaction('abc')).toMatchObject({
      stage: 'rejected',
      rejectReason: '身份证明材料不全',
    });
    expect(
      reopened.history(created.id).map((row) => [row.fromStage, row.toStage, row.actor, row.reason]),
    ).toEqual([
      [null, 'submitted', 'holder:01', null],
      ['submitted', 'unit-review', 'backend', null],
      ['unit-review', 'rejected', 'admin', '身份证明材料不全'],
    ]);
  });

  it('refuses to change or delete history rows', () => {
    const { unit, holder } = seedHolder(db);
    const request = new Requests(db).create(
      { kind: 'renew', holderId: holder.id, unitId: unit.id, initiatedBy: 'holder' },
      { kind: 'system', name: 'backend' },
    );
    expect(() => db.prepare("UPDATE request_transitions SET reason = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM request_transitions').run()).toThrow(/append-only/);
    expect(new Requests(db).history(request.id)).toHaveLength(1);
  });

  it('writes nothing when the state machine refuses', () => {
    const { unit, holder } = seedHolder(db);
    const requests = new Requests(db);
    const request = requests.create(
      { kind: 'renew', holderId: holder.id, unitId: unit.id, initiatedBy: 'holder' },
      { kind: 'system', name: 'backend' },
    );
    requests.transition(request.id, 'accept', { kind: 'system', name: 'backend' });
    const otherAdmin: Actor = { kind: 'console', name: 'x', role: 'unit-admin', unitId: unit.id + 1 };
    expect(() => requests.transition(request.id, 'approve', otherAdmin)).toThrow(TransitionRefused);
    expect(requests.byId(request.id)?.stage).toBe('unit-review');
    expect(requests.history(request.id)).toHaveLength(2);
  });

  it('gives out an authorisation code once: single use, expiry, purpose, never in clear in the file', () => {
    const { unit, holder } = seedHolder(db);
    const requests = new Requests(db);
    const newRequest = () =>
      requests.create(
        { kind: 'reissue', holderId: holder.id, unitId: unit.id, initiatedBy: 'holder' },
        { kind: 'system', name: 'backend' },
      ).id;
    let now = new Date('2026-01-01T00:00:00Z');
    const codes = new AuthorisationCodes(db, xorSealer, () => now);
    const issued = codes.issue(holder.id, 'reissue', 'admin');
    expect(issued.code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    expect(codes.secretOf(issued.reference)?.toString()).toBe(issued.code);
    const record = codes.byReference(issued.reference)!;
    expect(codes.unusableBecause(record, 'unlock')).toMatch(/for reissue/);
    expect(codes.unusableBecause(record, 'reissue')).toBeNull();
    codes.markUsed(record.id, newRequest());
    expect(() => codes.markUsed(record.id, newRequest())).toThrow(/already been used/);
    expect(codes.unusableBecause(codes.byReference(issued.reference)!, 'reissue')).toMatch(
      /already been used/,
    );
    const later = codes.issue(holder.id, 'unlock', 'admin');
    now = new Date('2026-01-09T00:00:00Z');
    expect(codes.unusableBecause(codes.byReference(later.reference)!, 'unlock')).toMatch(/expired/);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(path.join(dataDir, 'backend.sqlite3'));
    expect(file.includes(Buffer.from(issued.code))).toBe(false);
  });

  it('is in WAL mode with foreign keys enforced', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(() =>
      db.prepare("INSERT INTO holders (unit_id, common_name, id_number) VALUES (999, 'x', 'y')").run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
