// The request journal: one JSON file per request in <data dir>/requests/, each write durable
// before the step it announces (write to a temporary file, fsync, rename over, fsync the
// directory), so a crash leaves either the old or the new record, never half of one. A lock
// file per request (O_EXCL, holding the pid) keeps two YiKey processes (app and CLI) from
// running the same step twice; a lock whose process is gone is taken over.
// Chosen over SQLite: records are few, written rarely and read whole; a file per request keeps
// one damaged record from hiding the others, and is easy for support staff to read.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { YiKeyError } from '../contract/yikey-error';
import { requestRecordSchema, type RequestRecord } from './request-record';

/** Which records a journal keeps: their folder under the data directory and their schema. */
export interface JournalKind<R> {
  folder: string;
  schema: z.ZodType<R, unknown>;
}

const renewalJournal: JournalKind<RequestRecord> = { folder: 'requests', schema: requestRecordSchema };

/** A record is a few KiB (two certificates, one request); anything much larger is not ours. */
const maxRecordBytes = 256 * 1024;

export function defaultDataDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const explicit = environment.YIKEY_DATA_DIR?.trim();
  if (explicit) return path.resolve(explicit);
  const dataHome = environment.XDG_DATA_HOME?.trim() || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'yikey');
}

export interface UnreadableRecord {
  file: string;
  reason: string;
}

export class RequestJournal<R extends { id: string; createdAt: string } = RequestRecord> {
  private readonly directory: string;
  private readonly schema: JournalKind<R>['schema'];

  constructor(dataDirectory: string, kind: JournalKind<R> = renewalJournal as unknown as JournalKind<R>) {
    this.directory = path.join(dataDirectory, kind.folder);
    this.schema = kind.schema;
  }

  /** Durably writes the record (stage, nonces, ids) before the caller takes the step. */
  save(record: R): void {
    const checked = this.schema.parse(record);
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const target = this.fileOf(checked.id);
    const temporary = `${target}.${process.pid}.tmp`;
    const descriptor = openSync(temporary, 'w', 0o600);
    try {
      writeSync(descriptor, JSON.stringify(checked, null, 2));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
    const directory = openSync(this.directory, 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }

  /** Forgets a record the backend never saw (its first message was refused unread). */
  remove(id: string): void {
    rmSync(this.fileOf(id), { force: true });
  }

  load(id: string): R {
    const record = this.read(this.fileOf(id));
    if ('reason' in record)
      throw new YiKeyError('request-not-found', `Request ${id}: ${record.reason}`, { id });
    return record;
  }

  list(): { records: R[]; unreadable: UnreadableRecord[] } {
    let names: string[];
    try {
      names = readdirSync(this.directory).filter((name) => /^[0-9a-f-]{36}\.json$/.test(name));
    } catch {
      return { records: [], unreadable: [] };
    }
    const records: R[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const name of names) {
      const result = this.read(path.join(this.directory, name));
      if ('reason' in result) unreadable.push(result);
      else records.push(result);
    }
    records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { records, unreadable };
  }

  /** Runs `action` holding the request's lock; refuses with request-busy when another process holds it. */
  async withLock<T>(id: string, action: () => Promise<T>): Promise<T> {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const lockFile = `${this.fileOf(id)}.lock`;
    this.acquire(lockFile, id);
    try {
      return await action();
    } finally {
      rmSync(lockFile, { force: true });
    }
  }

  private acquire(lockFile: string, id: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const descriptor = openSync(lockFile, 'wx', 0o600);
        writeSync(descriptor, String(process.pid));
        closeSync(descriptor);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number(readFileSafely(lockFile));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
        throw new YiKeyError('request-busy', `Request ${id} is being handled by process ${owner}`, { id });
      // Left by a process that died (kill -9) mid-step: the journal says where it stopped.
      rmSync(lockFile, { force: true });
    }
    throw new YiKeyError('request-busy', `Request ${id} is locked`, { id });
  }

  private fileOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new YiKeyError('invalid-input', 'A request id is a UUID');
    return path.join(this.directory, `${id}.json`);
  }

  private read(file: string): R | UnreadableRecord {
    let text: string;
    try {
      const bytes = readFileSync(file);
      if (bytes.byteLength > maxRecordBytes) return { file, reason: 'too large' };
      text = bytes.toString('utf8');
    } catch (error) {
      return { file, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      return parsed.success
        ? parsed.data
        : { file, reason: `not a request record: ${parsed.error.issues[0]?.message ?? ''}` };
    } catch {
      return { file, reason: 'not JSON' };
    }
  }
}

function readFileSafely(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(0, 20);
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
