// Sticky world-writable folders (/tmp): a module directly in one is refused; a module in a
// folder of ours below one is accepted (nobody else may rename or replace our folder there),
// so a checkout or a build under /tmp keeps working. Without the sticky bit, refused.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertModuleFileSafe } from '../../../src-main/token/module-file-safety';
import { createSafeTempDir } from '../../helpers/safe-temp-dir';

function folder(parent: string, name: string, mode: number): string {
  const created = path.join(parent, name);
  mkdirSync(created);
  chmodSync(created, mode);
  return created;
}

function library(parent: string): string {
  const file = path.join(parent, 'module.so');
  writeFileSync(file, 'library bytes');
  chmodSync(file, 0o755);
  return file;
}

const reasonFor = (file: string): unknown => {
  try {
    assertModuleFileSafe(file);
    return 'accepted';
  } catch (error) {
    return (error as { details: unknown }).details;
  }
};

describe('assertModuleFileSafe and sticky folders', () => {
  let safe: { directory: string; cleanup(): void };
  beforeAll(() => (safe = createSafeTempDir('module-sticky-')));
  afterAll(() => safe.cleanup());

  it('refuses a module right inside a sticky world-writable folder', () => {
    const sticky = folder(safe.directory, 'shared-sticky', 0o1777);
    expect(reasonFor(library(sticky))).toMatchObject({ at: sticky, reason: 'writable-by-others' });
  });

  it('accepts a module in a folder of ours below a sticky world-writable folder', () => {
    const sticky = folder(safe.directory, 'tmp-like', 0o1777);
    const ours = folder(sticky, 'checkout', 0o755);
    expect(reasonFor(library(ours))).toBe('accepted');
  });

  it('refuses the same layout when the world-writable folder is not sticky', () => {
    const open = folder(safe.directory, 'open', 0o777);
    const ours = folder(open, 'checkout', 0o755);
    expect(reasonFor(library(ours))).toMatchObject({ at: open, reason: 'writable-by-others' });
  });
});
