// Reads a file named by configuration (trusted CA files, the admin policy) so that it can
// neither hang nor bloat the process: asynchronous, regular files only (a FIFO or a device
// would block or never end), and never past a size cap. Callers turn a refusal into their
// own error or warning.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export class CappedFileRefusal extends Error {
  constructor(
    readonly reason: 'not-file' | 'too-large',
    /** The size seen, for too-large. */
    readonly size = 0,
  ) {
    super(reason);
  }
}

/** The file's text; rejects with CappedFileRefusal, or the file system's own error (ENOENT …). */
export async function readCappedRegularFile(path: string, maxBytes: number): Promise<string> {
  // stat first: opening some devices has side effects, and a FIFO would wait for a writer.
  const before = await stat(path);
  if (!before.isFile()) throw new CappedFileRefusal('not-file');
  if (before.size > maxBytes) throw new CappedFileRefusal('too-large', before.size);
  // O_NONBLOCK: if the path was swapped for a FIFO since, open returns at once instead of
  // waiting for a writer; fstat on the handle then refuses it. No effect on regular files.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new CappedFileRefusal('not-file');
    // One byte more than allowed tells a file that grew past the cap since the stat.
    const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new CappedFileRefusal('too-large', length);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
