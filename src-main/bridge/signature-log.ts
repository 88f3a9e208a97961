// Every signature made through the bridge, recorded on this PC: when, for which website, the
// clinical summary, the SHA-256 of what was signed and the certificate's serial — never the
// content. One JSON line per signature, append-only; each line carries the SHA-256 of its own
// record and of the previous line's, so a line removed, changed or inserted breaks the chain
// (verifySignatureLogText finds where).
import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
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

/** Where finished lines go: the file (one write and one fsync per call) or memory. */
export type SignatureLogWriter = (lines: string) => Promise<void>;

function fileWriter(path: string): SignatureLogWriter {
  let folderReady = false;
  return async (lines) => {
    if (!folderReady) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    folderReady = true;
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.writeFile(lines);
      // On disk before the signature leaves YiKey: a power cut must not lose a line already answered.
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
}

export class SignatureLog {
  private writing: Promise<void> = Promise.resolve();
  private readonly memory: string[] = [];

  private constructor(
    private readonly write: SignatureLogWriter | null,
    private seq: number,
    private head: string,
  ) {}

  /** null: kept in memory for this run (settings 'memory', tests). */
  static async open(path: string | null): Promise<SignatureLog> {
    if (path === null) return new SignatureLog(null, 0, genesisHash);
    const writer = fileWriter(path);
    const line = await lastLine(path);
    if (line === null) return new SignatureLog(writer, 0, genesisHash);
    try {
      const last = JSON.parse(line) as { seq: number; hash: string };
      if (Number.isSafeInteger(last.seq) && /^[0-9a-f]{64}$/.test(last.hash))
        return new SignatureLog(writer, last.seq, last.hash);
    } catch {
      // Fall through: a damaged last line stays as evidence; the chain restarts visibly after it.
    }
    return new SignatureLog(writer, 0, genesisHash);
  }

  /** A new chain written through `writer` (tests count the writes). */
  static over(writer: SignatureLogWriter): SignatureLog {
    return new SignatureLog(writer, 0, genesisHash);
  }

  append(entry: SignatureLogEntry): Promise<void> {
    return this.appendAll([entry]);
  }

  /**
   * Appends the entries in order, all with one write; resolves once they are on disk. Calls are
   * written one after the other, and the chain moves on only past lines that were written, so a
   * failed write leaves no gap for the next call's lines to point across.
   */
  appendAll(entries: readonly SignatureLogEntry[]): Promise<void> {
    const step = this.writing.catch(() => undefined).then(() => this.writeChained(entries));
    this.writing = step;
    return step;
  }

  private async writeChained(entries: readonly SignatureLogEntry[]): Promise<void> {
    let { seq, head } = this;
    const lines = entries.map((entry) => {
      const text = recordText({ ...entry, seq: ++seq, prev: head });
      head = sha256Hex(text);
      return `${JSON.stringify({ ...JSON.parse(text), hash: head })}\n`;
    });
    if (this.write === null) this.memory.push(...lines);
    else await this.write(lines.join(''));
    this.seq = seq;
    this.head = head;
  }

  /** The in-memory log's text (path null). */
  memoryText(): string {
    return this.memory.join('');
  }
}
