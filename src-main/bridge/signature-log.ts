// Every signature made through the bridge, recorded on this PC: when, for which website, the
// clinical summary, the SHA-256 of what was signed and the certificate's serial — never the
// content. One JSON line per signature, append-only; each line carries the SHA-256 of its own
// record and of the previous line's, so a line removed, changed or inserted breaks the chain
// (verifySignatureLogText finds where).
import { createHash } from 'node:crypto';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClinicalSummary } from '../contract/bridge-wire';

export interface SignatureLogEntry {
  time: string;
  origin: string;
  method: 'auth.login' | 'sign.content' | 'sign.digest' | 'sign.batch';
  summary: ClinicalSummary | null;
  digest: string;
  certificateSerial: string;
}

interface ChainedRecord extends SignatureLogEntry {
  seq: number;
  prev: string;
}

export const genesisHash = '0'.repeat(64);

/** The record's fields in a fixed order, so the hash does not depend on how a line was written. */
function recordText(record: ChainedRecord): string {
  const { seq, time, origin, method, summary, digest, certificateSerial, prev } = record;
  const orderedSummary = summary && {
    patient: summary.patient,
    recordType: summary.recordType,
    title: summary.title,
    documentId: summary.documentId,
  };
  return JSON.stringify({
    seq,
    time,
    origin,
    method,
    summary: orderedSummary,
    digest,
    certificateSerial,
    prev,
  });
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export type LogVerification = { ok: true; entries: number; head: string } | { ok: false; line: number };

/** Checks every line's hash and its link to the one before. */
export function verifySignatureLogText(text: string): LogVerification {
  let previous = genesisHash;
  const lines = text.split('\n').filter((line) => line !== '');
  for (const [index, line] of lines.entries()) {
    try {
      const parsed = JSON.parse(line) as ChainedRecord & { hash: string };
      if (parsed.seq !== index + 1 || parsed.prev !== previous) return { ok: false, line: index + 1 };
      if (sha256Hex(recordText(parsed)) !== parsed.hash) return { ok: false, line: index + 1 };
      previous = parsed.hash;
    } catch {
      return { ok: false, line: index + 1 };
    }
  }
  return { ok: true, entries: lines.length, head: previous };
}

/** The last line of a file, read from its end (the log grows for years; start-up must not). */
async function lastLine(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    return lines.at(-1) ?? null;
  } finally {
    await handle.close();
  }
}

export class SignatureLog {
  private writing: Promise<void> = Promise.resolve();
  private readonly memory: string[] = [];
  private folderReady = false;

  private constructor(
    private readonly path: string | null,
    private seq: number,
    private head: string,
  ) {}

  /** null: kept in memory for this run (settings 'memory', tests). */
  static async open(path: string | null): Promise<SignatureLog> {
    if (path === null) return new SignatureLog(null, 0, genesisHash);
    const line = await lastLine(path);
    if (line === null) return new SignatureLog(path, 0, genesisHash);
    try {
      const last = JSON.parse(line) as { seq: number; hash: string };
      if (Number.isSafeInteger(last.seq) && /^[0-9a-f]{64}$/.test(last.hash))
        return new SignatureLog(path, last.seq, last.hash);
    } catch {
      // Fall through: a damaged last line stays as evidence; the chain restarts visibly after it.
    }
    return new SignatureLog(path, 0, genesisHash);
  }

  /** Appends in order; resolves once the line is on disk. */
  append(entry: SignatureLogEntry): Promise<void> {
    const record: ChainedRecord = { ...entry, seq: ++this.seq, prev: this.head };
    const hash = sha256Hex(recordText(record));
    this.head = hash;
    const line = `${JSON.stringify({ ...JSON.parse(recordText(record)), hash })}\n`;
    const path = this.path;
    if (path === null) {
      this.memory.push(line);
      return Promise.resolve();
    }
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.folderReady) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        this.folderReady = true;
        await appendFile(path, line, { mode: 0o600 });
      });
    return this.writing;
  }

  /** The in-memory log's text (path null). */
  memoryText(): string {
    return this.memory.join('');
  }
}
