// File in, .p7s out, never half-written: the signature goes to a temporary file beside the
// target and is renamed into place only when complete.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { YiKeyError } from '../contract/yikey-error';

/** Largest file we sign in one go; CMS over bigger files would hold them in memory. */
export const maxSignableFileBytes = 512 * 1024 * 1024;

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    // Size first: reading a huge file only to refuse it would exhaust memory.
    const { size } = await stat(path);
    if (size > maxSignableFileBytes) {
      throw new YiKeyError('file-unreadable', `${path} is larger than ${maxSignableFileBytes} bytes`);
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof YiKeyError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new YiKeyError('file-unreadable', `Cannot read ${path} (${reason})`, { path });
  }
}

export async function writeFileAtomically(path: string, content: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new YiKeyError('file-write-failed', `Cannot write ${path} (${reason})`, { path });
  }
}
