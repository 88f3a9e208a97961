// kill -9 of a YiKey CLI run at a chosen moment: the CLI runs in its own process group, and the
// whole group (the CLI and its token host) gets SIGKILL as soon as `due()` says so — usually when
// the request journal shows a stage (journalShows), so the kill lands inside the step that stage
// announces (a latency on the key makes that step last long enough).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtCliEntry } from './run-cli';

/** Runs `yikey args` and kills its process group once `due()` is true; fails if it ends first. */
export async function killCliWhen(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin: string; due: () => boolean },
): Promise<void> {
  const child = spawn(process.execPath, [builtCliEntry, ...args], {
    // The host must die with the command: a standby host (issue 11) is not in its process group.
    env: { ...process.env, ...options.env, YIKEY_STANDBY_HOST: 'off' },
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(options.stdin);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  while (!options.due()) {
    const early = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('running'), 50)),
    ]);
    if (early !== 'running') throw new Error(`yikey ${args.join(' ')} ended before it was due: ${stderr}`);
  }
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

/** Whether a journal file in `<dataDir>/<folder>` (requests, unlock-requests) is at `stage`. */
export function journalShows(dataDir: string, stage: string, folder = 'requests'): () => boolean {
  const journal = join(dataDir, folder);
  return () =>
    existsSync(journal) &&
    readdirSync(journal)
      .filter((name) => name.endsWith('.json'))
      .some((name) => {
        try {
          return (JSON.parse(readFileSync(join(journal, name), 'utf8')) as { stage: string }).stage === stage;
        } catch {
          return false; // being replaced (rename over) at this very moment
        }
      });
}
