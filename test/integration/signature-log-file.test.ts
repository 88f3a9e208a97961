// The bridge's signature log on disk: a batch lands whole, owner-only, and a log opened again
// (YiKey restarted) continues the same chain, which verifySignatureLogText checks line by line.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignatureLog, verifySignatureLogText } from '../../src-main/bridge/signature-log';

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const entry = (documentId: string) => ({
  time: '2026-11-30T10:00:00.000Z',
  origin: 'https://emr.example',
  method: 'sign.batch' as const,
  summary: { patient: '李四', recordType: '病程记录', title: '记录', documentId },
  digest: 'cd'.repeat(32),
  certificateSerial: '01AB',
});

describe('signature log file', () => {
  it('holds a batch of 100 and keeps one chain across a restart', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'yikey-signature-log-'));
    const file = path.join(folder, 'new-folder', 'bridge-signatures.jsonl');
    const first = await SignatureLog.open(file);
    await first.appendAll(Array.from({ length: 100 }, (_, index) => entry(`B-${index}`)));
    expect(verifySignatureLogText(readFileSync(file, 'utf8'))).toMatchObject({ ok: true, entries: 100 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const reopened = await SignatureLog.open(file);
    await reopened.append(entry('after-restart'));
    const text = readFileSync(file, 'utf8');
    expect(verifySignatureLogText(text)).toMatchObject({ ok: true, entries: 101 });
    expect(JSON.parse(text.trim().split('\n').at(-1)!)).toMatchObject({ seq: 101 });
  });
});
