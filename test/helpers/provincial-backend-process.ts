// The reference provincial backend as a real process for tests: `backend-main.ts serve` on a
// random loopback port with its own data folder, stopped (or killed -9) by pid; the CLI
// commands run as child processes the same way, as an operator's script would run them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import type { SeedResult } from '../provincial-backend/demo-seed';

const entry = fileURLToPath(new URL('../provincial-backend/backend-main.ts', import.meta.url));

export type BackendProcess = {
  origin: string;
  port: number;
  pid: number;
  running(): boolean;
  stderr(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to close anything. */
  kill9(): Promise<void>;
};

export async function startBackend(
  dataDir: string,
  options: {
    checkAfterSeconds?: number;
    port?: number;
    caAlgorithm?: 'p-256' | 'sm2';
    /** CMP messages per second and at once per client address (serve --cmp-rate, --cmp-burst). */
    cmpRateLimit?: { perSecond: number; burst: number };
  } = {},
): Promise<BackendProcess> {
  const args = [
    'serve',
    '--port',
    String(options.port ?? 0),
    '--check-after',
    String(options.checkAfterSeconds ?? 1),
    '--data',
    dataDir,
    ...(options.caAlgorithm ? ['--ca-algorithm', options.caAlgorithm] : []),
    ...(options.cmpRateLimit
      ? [
          '--cmp-rate',
          String(options.cmpRateLimit.perSecond),
          '--cmp-burst',
          String(options.cmpRateLimit.burst),
        ]
      : []),
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`backend exited (${code}) before serving:\n${stderr}`)));
  });
  const exited = (process: ChildProcess) => process.exitCode !== null || process.signalCode !== null;
  const end = async (signal: NodeJS.Signals) => {
    if (exited(child)) return;
    const done = once(child, 'exit');
    child.kill(signal);
    await done;
  };
  return {
    origin,
    port: Number(new URL(origin).port),
    pid: child.pid!,
    running: () => !exited(child),
    stderr: () => stderr,
    stop: () => end('SIGTERM'),
    kill9: () => end('SIGKILL'),
  };
}

export type BackendCliResult = { status: number | null; stdout: string; stderr: string };

export function runBackendCli(args: string[], env: NodeJS.ProcessEnv = {}): BackendCliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function backendCliJson<T>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const result = runBackendCli([...args, '--json'], env);
  if (result.status !== 0)
    throw new Error(`backend ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** `seed-demo` into `data`: demo units, logins and holders; the keys found under `vusbkeyHome`
 * (the virtual USBKEY home, or a folder that does not exist for none) get certificates. */
export function seedDemoBackend(
  data: string,
  vusbkeyHome: string,
  caAlgorithm?: 'p-256' | 'sm2',
): SeedResult {
  return backendCliJson<SeedResult>([
    ...['seed-demo', '--data', data, '--vusbkey-home', vusbkeyHome],
    ...(caAlgorithm ? ['--ca-algorithm', caAlgorithm] : []),
  ]);
}
