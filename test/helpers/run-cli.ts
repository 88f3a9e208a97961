// Runs the real yikey CLI in a child process, as a holder would, with stdin and env given.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The bundle production runs (built by test/build-production-bundles.ts before the tests start):
// what holders run is what is tested, and each call skips tsx's transpiling of the whole CLI.
export const builtCliEntry = fileURLToPath(new URL('../../dist/node/cli.cjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; builtCli?: string; cwd?: string },
): Promise<CliResult> {
  // builtCli: another build's bundle (built-entries.test.ts builds its own).
  const command = [options.builtCli ?? builtCliEntry];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

export type CliExit = { code: number | null; signal: string | null };

/** Process groups of jobs started here and not yet ended: a failed test must not leave them. */
const runningJobs = new Set<number>();

/** Ends every job startCliJob started that is still running (its whole process group). */
export function endCliJobs(): void {
  for (const group of runningJobs) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  runningJobs.clear();
}

/**
 * The built CLI as a shell starts a job: in a process group of its own (so a test can signal the
 * whole group, as a terminal does), stdout ignored, stderr collected.
 */
export function startCliJob(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string },
): { pid: number; stderr: () => string; exited: Promise<CliExit> } {
  const child = spawn(process.execPath, [builtCliEntry, ...args], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  child.stdin!.end(options.stdin ?? '');
  runningJobs.add(child.pid!);
  child.once('exit', () => runningJobs.delete(child.pid!));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliExit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, stderr: () => stderr, exited };
}
