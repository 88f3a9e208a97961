// Browser mode started with a relative PKCS#11 module path (flag or environment) stops at once
// with a clear message and a non-zero exit. Before, it started, and every settings:get failed on
// the path, so the renderer never learnt its auto-lock time and the idle lock never armed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const webMain = fileURLToPath(new URL('../../src-main/web/web-main.ts', import.meta.url));
const directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-web-relative-'));

function startBrowserMode(args: string[], environment: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        webMain,
        '--port',
        '0',
        '--settings',
        path.join(directory, 'settings.json'),
        ...args,
      ],
      { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A server that started would run until killed: give it a bounded life, then fail on its output.
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('browser mode with a relative module path', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it.each([
    ['--module', ['--module', 'relative/path.so'], {}],
    ['YIKEY_PKCS11_MODULE', [], { YIKEY_PKCS11_MODULE: 'relative/path.so' }],
  ])('refuses %s at start-up, says why and exits non-zero', async (_name, args, environment) => {
    const result = await startBrowserMode(args, environment);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('http://');
    expect(result.stderr).toContain('[module-path-relative]');
    expect(result.stderr).toContain('USBKEY驱动文件的路径必须是完整路径：relative/path.so');
  });
});
