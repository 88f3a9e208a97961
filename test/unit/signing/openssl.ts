// Runs the real OpenSSL CLI on files in a temp dir: the reference verifier for our output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function withTempDir<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'yikey-cms-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeFiles(dir: string, files: Record<string, Uint8Array | string>): void {
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
}

export function openssl(dir: string, args: string[]): OpensslRun {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
