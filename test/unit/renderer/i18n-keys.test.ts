// Every translation key is used by a screen and every key a screen asks for exists, in Chinese
// and English. A key is used when its full name stands in a string in src-renderer (outside
// i18n/), or when a template such as `verify.point.${result}` names its prefix; a t('…') call
// whose key is missing would show the holder the raw key.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/en';
import { zhCN } from '../../../src-renderer/i18n/zh-cn';

const rendererFolder = fileURLToPath(new URL('../../../src-renderer/', import.meta.url));

type Strings = { [key: string]: string | Strings };

function keysOf(tree: Strings, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, value]) =>
    typeof value === 'string' ? [`${prefix}${name}`] : keysOf(value, `${prefix}${name}.`),
  );
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(folder, item.name);
    if (item.isDirectory()) return item.name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(item.name) ? [full] : [];
  });
}

const sources = sourceFiles(rendererFolder).map((file) => readFileSync(file, 'utf8'));
const quoted = sources.flatMap((text) =>
  [...text.matchAll(/'([^'\n]+)'|"([^"\n]+)"/g)].map((m) => m[1] ?? m[2]!),
);
/** `a.b.${…}` → 'a.b.': every key under it may be asked for. */
const templatePrefixes = sources.flatMap((text) =>
  [...text.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)].map((match) => match[1]!),
);
/** The keys passed to t() as plain strings. */
const askedFor = sources.flatMap((text) => [...text.matchAll(/\bt\(\s*'([^'\n]+)'/g)].map((m) => m[1]!));

describe('translation keys', () => {
  const zhKeys = keysOf(zhCN as unknown as Strings);
  const enKeys = keysOf(en as unknown as Strings);

  it('are the same in Chinese and English', () => {
    expect([...enKeys].sort()).toEqual([...zhKeys].sort());
  });

  it('are all used by the renderer', () => {
    const quotedSet = new Set(quoted);
    const unused = zhKeys.filter(
      (key) => !quotedSet.has(key) && !templatePrefixes.some((prefix) => key.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });

  it('exist for every key the renderer asks for, and every template prefix', () => {
    const known = new Set(zhKeys);
    expect(askedFor.length).toBeGreaterThan(100);
    expect(askedFor.filter((key) => !known.has(key))).toEqual([]);
    expect(templatePrefixes.filter((prefix) => !zhKeys.some((key) => key.startsWith(prefix)))).toEqual([]);
  });
});
