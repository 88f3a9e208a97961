import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppAssetFile, resolveAppAsset } from '../../../src-main/app/app-asset-path';

const root = resolve('/opt/yikey/dist/renderer');

describe('resolveAppAsset', () => {
  it('maps the root and files to paths inside the renderer directory', () => {
    expect(resolveAppAsset(root, 'app://yikey/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveAppAsset(root, 'app://yikey/assets/main-1.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'main-1.js'),
    });
  });

  it.each([
    'app://yikey/../../etc/passwd',
    'app://yikey/%2e%2e/%2e%2e/etc/passwd',
    'app://yikey/assets/..%2f..%2f..%2fsecret',
    'app://yikey/a%5c..%5c..%5csecret',
    'app://yikey/index.html%00.png',
    'app://other/index.html',
    'file:///opt/yikey/dist/renderer/index.html',
    'app://yikey/%E0%A4%A',
  ])('refuses %s', (url) => {
    const lookup = resolveAppAsset(root, url);
    if (lookup.kind === 'file') expect(lookup.path.startsWith(root)).toBe(true);
    else expect(lookup.kind).toBe('refused');
  });

  it('refuses escapes outright rather than clamping them', () => {
    expect(resolveAppAsset(root, 'app://yikey/a%5c..%5csecret').kind).toBe('refused');
    expect(resolveAppAsset(root, 'app://other/index.html').kind).toBe('refused');
  });
});

describe('findAppAssetFile (real paths on disk)', () => {
  let folder: string;
  let outside: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'yikey-app-renderer-'));
    outside = await mkdtemp(join(tmpdir(), 'yikey-app-outside-'));
    await mkdir(join(folder, 'assets'));
    await writeFile(join(folder, 'index.html'), '<!doctype html>');
    await writeFile(join(folder, 'assets', 'main-1.js'), 'export {};');
    await writeFile(join(outside, 'shadow'), 'root:*:');
    await symlink(join(outside, 'shadow'), join(folder, 'leak.txt'));
    await symlink(outside, join(folder, 'assets', 'elsewhere'));
    await symlink(join(folder, 'assets', 'main-1.js'), join(folder, 'alias.js'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves real files inside the folder, by their real path', async () => {
    const real = await realpath(folder);
    expect(await findAppAssetFile(folder, 'app://yikey/assets/main-1.js')).toEqual({
      kind: 'file',
      path: join(real, 'assets', 'main-1.js'),
    });
    expect(await findAppAssetFile(folder, 'app://yikey/alias.js')).toEqual({
      kind: 'file',
      path: join(real, 'assets', 'main-1.js'),
    });
  });

  it('refuses a symlink to a file or a folder outside the renderer folder', async () => {
    expect(await findAppAssetFile(folder, 'app://yikey/leak.txt')).toEqual({ kind: 'refused' });
    expect(await findAppAssetFile(folder, 'app://yikey/assets/elsewhere/shadow')).toEqual({
      kind: 'refused',
    });
  });

  it('reports client routes as missing (the handler serves index.html for them)', async () => {
    expect(await findAppAssetFile(folder, 'app://yikey/certificates')).toEqual({ kind: 'missing' });
    expect(await findAppAssetFile(folder, 'app://yikey/assets')).toEqual({ kind: 'missing' });
  });
});
