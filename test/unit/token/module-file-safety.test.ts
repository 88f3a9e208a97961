// The rule for loading a PKCS#11 module, on real files: owned by root or us, writable by no
// one else, the same for every folder up to /, links resolved first.
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YiKeyError } from '../../../src-main/contract/yikey-error';
import {
  assertModuleFileSafe,
  type ModuleFileCheckOptions,
} from '../../../src-main/token/module-file-safety';
import { createSafeTempDir } from '../../helpers/safe-temp-dir';

/** The error the check throws, or undefined when the file is accepted. */
function refused(file: string, options?: ModuleFileCheckOptions): YiKeyError | undefined {
  try {
    assertModuleFileSafe(file, options);
  } catch (error) {
    return error as YiKeyError;
  }
  return undefined;
}

describe('assertModuleFileSafe', () => {
  let safe: { directory: string; cleanup(): void };
  const file = (name: string, mode = 0o755): string => {
    const target = path.join(safe.directory, name);
    writeFileSync(target, 'library bytes');
    chmodSync(target, mode);
    return target;
  };

  beforeAll(() => {
    safe = createSafeTempDir('module-file-safety-');
  });
  afterAll(() => safe.cleanup());

  it('accepts a file of ours in folders only we and root can write, and returns its real path', () => {
    const library = file('good.so');
    const link = path.join(safe.directory, 'link-to-good.so');
    symlinkSync(library, link);
    expect(assertModuleFileSafe(library)).toBe(library);
    expect(assertModuleFileSafe(link)).toBe(library);
  });

  it('accepts the system SoftHSM library (root-owned, under /usr/lib, reached through a link)', () => {
    expect(() => assertModuleFileSafe('/usr/lib/softhsm/libsofthsm2.so')).not.toThrow();
  });

  it.each([0o775, 0o757, 0o777])('refuses a file with mode %o (group- or world-writable)', (mode) => {
    const library = file(`mode-${mode.toString(8)}.so`, mode);
    expect(refused(library)).toMatchObject({
      code: 'module-file-unsafe',
      details: { path: library, at: library, reason: 'writable-by-others' },
    });
  });

  it('refuses a safe file in a group-writable folder, naming the folder', () => {
    const folder = path.join(safe.directory, 'group-writable');
    mkdirSync(folder);
    chmodSync(folder, 0o775);
    const library = path.join(folder, 'inside.so');
    writeFileSync(library, 'x');
    chmodSync(library, 0o755);
    expect(refused(library)).toMatchObject({
      code: 'module-file-unsafe',
      details: { at: folder, reason: 'writable-by-others' },
    });
  });

  it('judges a link by its target: a link in a safe folder to a file in an unsafe one is refused', () => {
    const folder = path.join(safe.directory, 'world-writable');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const target = path.join(folder, 'target.so');
    writeFileSync(target, 'x');
    chmodSync(target, 0o755);
    const link = path.join(safe.directory, 'innocent-looking.so');
    symlinkSync(target, link);
    expect(refused(link)).toMatchObject({ details: { at: folder, reason: 'writable-by-others' } });
  });

  it('refuses a file owned by another user', () => {
    const library = file('someone-elses.so');
    const currentUid = process.getuid!();
    // As root the file can be handed to another user; otherwise act as a different user.
    if (currentUid === 0) chownSync(library, 4242, 4242);
    const options = currentUid === 0 ? {} : { uid: currentUid + 1 };
    expect(refused(library, options)).toMatchObject({ details: { at: library, reason: 'owner' } });
  });

  it('refuses a folder, a relative path, and says not found for a missing file', () => {
    expect(refused(safe.directory)).toMatchObject({ details: { reason: 'not-regular-file' } });
    expect(refused('lib/module.so')).toMatchObject({ code: 'module-path-relative' });
    expect(refused(path.join(safe.directory, 'absent.so'))).toMatchObject({ code: 'module-not-found' });
  });

  it('checks only absolute and regular where there are no owners and modes (Windows)', () => {
    const library = file('no-modes.so', 0o777);
    expect(assertModuleFileSafe(library, { uid: undefined })).toBe(library);
  });
});
