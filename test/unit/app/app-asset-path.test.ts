import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../../src-main/app/app-asset-path';

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
