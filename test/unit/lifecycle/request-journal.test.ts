// The request journal on disk: a saved record reads back whole, a damaged file is reported and
// hides no other request, a lock held by a live process refuses a second runner, and a lock left
// by a process that died (kill -9) is taken over.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestJournal } from '../../../src-main/lifecycle/request-journal';
import type { RequestRecord } from '../../../src-main/lifecycle/request-record';

const directories: string[] = [];
afterEach(() =>
  directories.splice(0).forEach((directory) => rmSync(directory, { recursive: true, force: true })),
);

function journal(): { journal: RequestJournal; requests: string } {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-journal-'));
  directories.push(directory);
  return { journal: new RequestJournal(directory), requests: path.join(directory, 'requests') };
}

const record = (id: string): RequestRecord => ({
  version: 1,
  id,
  kind: 'renew',
  stage: 'key-pending',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
  token: { serial: '0123456789abcdef', label: '张三的USBKEY' },
  oldKeyId: '01',
  oldCertificate: 'MIIB',
  oldCertificateFingerprint: 'AB:CD',
  newKeyId: 'a1b2c3',
  keyAlgorithm: 'RSA',
  transactionId: '00ff',
  senderNonce: '11ee',
  statusText: [],
  history: [{ stage: 'key-pending', at: '2026-11-30T08:00:00.000Z' }],
});

describe('request journal', () => {
  it('saves and loads a record, leaving no temporary file behind', () => {
    const { journal: store, requests } = journal();
    const saved = record('6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a01');
    store.save(saved);
    store.save({ ...saved, stage: 'request-ready' });
    expect(store.load(saved.id)).toEqual({ ...saved, stage: 'request-ready' });
    expect(readdirSync(requests)).toEqual([`${saved.id}.json`]);
  });

  it('lists a damaged file as unreadable without hiding the other requests', () => {
    const { journal: store, requests } = journal();
    store.save(record('6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a02'));
    writeFileSync(path.join(requests, '6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a03.json'), '{"version":1,"id":');
    writeFileSync(path.join(requests, '6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a04.json'), '{"version":2}');
    const { records, unreadable } = store.list();
    expect(records.map((item) => item.id)).toEqual(['6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a02']);
    expect(unreadable.map((item) => item.reason)).toEqual(
      expect.arrayContaining(['not JSON', expect.stringContaining('not a request record')]),
    );
    expect(() => store.load('../../etc/passwd')).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });

  it('refuses a second runner while the lock holder lives, and takes over a dead one\u2019s lock', async () => {
    const { journal: store, requests } = journal();
    const id = '6f1c1a52-8f36-4a53-9c67-3c3f1b8f0a05';
    store.save(record(id));
    // A live holder: this test process's parent (not us, so the pid check cannot shortcut).
    writeFileSync(path.join(requests, `${id}.json.lock`), String(process.ppid));
    await expect(store.withLock(id, async () => 'ran')).rejects.toMatchObject({ code: 'request-busy' });
    // A dead holder: a process that has already exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(path.join(requests, `${id}.json.lock`), dead.stdout);
    expect(await store.withLock(id, async () => 'ran')).toBe('ran');
    expect(readdirSync(requests)).toEqual([`${id}.json`]);
  });
});
