// Finds shared libraries the way the system does, so no test names a path that exists only on
// one architecture or one distribution layout: the dynamic linker's cache (`ldconfig -p`), the
// package database (`dpkg -L`), then the multiarch library folders of this machine
// (`gcc -print-multiarch` / `dpkg-architecture`). OpenSC's module is looked up first in
// YiKey's own vendor table, which is what the settings screen offers as "detected".
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vendorTableFile = fileURLToPath(new URL('../../native/pkcs11-modules.json', import.meta.url));

/**
 * The vendor table's paths of one module on this OS, in the table's order. Read as a file rather
 * than through src-main/token/module-locator.ts: Playwright loads specs as plain Node ESM, which
 * refuses that module's JSON import (it lacks `with { type: 'json' }`).
 */
function vendorTablePaths(id: string): string[] {
  const table = JSON.parse(readFileSync(vendorTableFile, 'utf8')) as {
    modules: { id: string; paths: Partial<Record<NodeJS.Platform, string[]>> }[];
  };
  return table.modules.find((module) => module.id === id)?.paths[process.platform] ?? [];
}

/** Output of a system tool, or '' when it is missing or fails (a minimal container may lack it). */
function toolOutput(command: string, args: string[]): string {
  for (const candidate of command.includes('/')
    ? [command]
    : [command, `/usr/sbin/${command}`, `/sbin/${command}`]) {
    try {
      return execFileSync(candidate, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // Not installed here, or not on PATH: try the next place, then give up.
    }
  }
  return '';
}

const isRegularFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();

/** ldconfig's name for the ABI of this Node process, e.g. "x86-64" in "(libc6,x86-64)". */
const ldconfigAbi: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86-64',
  arm64: 'AArch64',
  ppc64: '64bit',
  s390x: '64bit',
  riscv64: 'RISC-V',
  loong64: 'LoongArch',
};

function fromLinkerCache(fileName: string): string[] {
  const abi = ldconfigAbi[process.arch];
  const entries = toolOutput('ldconfig', ['-p'])
    .split('\n')
    .flatMap((line) => {
      const match = /^\s*(\S+) \(([^)]*)\) => (.+)$/.exec(line);
      return match && match[1] === fileName ? [{ flags: match[2]!, file: match[3]!.trim() }] : [];
    });
  // Prefer the library built for this process's ABI; a 32-bit copy would not load.
  const matching = abi ? entries.filter((entry) => entry.flags.includes(abi)) : entries;
  return (matching.length > 0 ? matching : entries).map((entry) => entry.file);
}

/** Library folders of this machine's architecture, most specific first. */
export function systemLibraryFolders(): string[] {
  const triplets = new Set(
    [
      toolOutput('gcc', ['-print-multiarch']).trim(),
      toolOutput('dpkg-architecture', ['-qDEB_HOST_MULTIARCH']).trim(),
    ].filter(Boolean),
  );
  const folders = [...triplets].flatMap((triplet) => [`/usr/lib/${triplet}`, `/lib/${triplet}`]);
  return [...folders, '/usr/lib64', '/lib64', '/usr/lib', '/lib'];
}

/**
 * The real path of a shared library by file name (e.g. "libz.so.1"), or null when this machine
 * has none. Symlinks such as /lib → /usr/lib are resolved, so the path names the file itself.
 */
export function findSystemLibrary(fileName: string): string | null {
  const candidates = [
    ...fromLinkerCache(fileName),
    ...systemLibraryFolders().map((folder) => path.join(folder, fileName)),
  ];
  const found = candidates.find(isRegularFile);
  return found === undefined ? null : realpathSync(found);
}

export interface OpenScModule {
  path: string;
  /** True when YiKey's vendor table finds this path, i.e. the settings screen lists it as detected. */
  detectedByYiKey: boolean;
}

/** OpenSC's PKCS#11 module on this machine, or null when OpenSC is not installed. */
export function findOpenScModule(): OpenScModule | null {
  // The same rule as YiKey's detection: the first of the table's paths that exists.
  const detected = vendorTablePaths('opensc').find((file) => existsSync(file));
  if (detected) return { path: detected, detectedByYiKey: true };
  const fileName = 'opensc-pkcs11.so';
  const fromPackage = toolOutput('dpkg', ['-L', 'opensc-pkcs11'])
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => path.basename(line) === fileName);
  const fromFolders = systemLibraryFolders().flatMap((folder) => [
    path.join(folder, fileName),
    path.join(folder, 'pkcs11', fileName),
  ]);
  const found = [...fromPackage, ...fromFolders].find(isRegularFile);
  return found === undefined ? null : { path: realpathSync(found), detectedByYiKey: false };
}
