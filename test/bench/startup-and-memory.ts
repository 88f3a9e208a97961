// Whole-process start-up and memory of the built JavaScript (dist/node, src-main/build):
//  - `yikey tokens` with one key vs a bare `node -e 0`, medians of several runs, as a ratio; run
//    after run, as a script does, so each command finds the standby token host the previous one
//    left (src-main/token/standby-address.ts), and again with standby hosts off (every command
//    forks its host: the first command of a session);
//  - browser mode: spawn → URL printed on stdout, median of several runs;
//  - peak RSS (VmHWM) of the browser-mode server and of its token host after signing 1,000
//    files through the server's WebSocket API, as the holder's page does.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { call, launchSecretOf, welcomed } from '../helpers/browser-mode-client';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { makeRuntimeFolder, standbyHostsOf } from '../helpers/standby-hosts';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

const root = resolve(import.meta.dirname, '../..');
export const builtDirectory = join(root, 'dist/node');

/** Builds dist/node if any source changed: the bench measures what production runs. */
export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, [join(root, 'src-main/build/build-node.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building dist/node failed');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100;

/** The fields of /proc/<pid>/stat after the command name, which may hold spaces. */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time (user + system) of this process's waited-for children, grandchildren included when
 * their parent waited for them (the CLI waits for its token host). Load on the machine hardly
 * moves it, unlike wall time. Ticks of 10 ms: it is summed over many runs, never read per run.
 */
function childrenCpuMs(): number {
  const fields = statFields('self');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
}

/** CPU time (user + system) a live process used so far. */
function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Wall time of one run; its CPU time is added to `cpu.totalMs`. */
function wallMs(args: string[], env: NodeJS.ProcessEnv, cpu: { totalMs: number }): number {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  cpu.totalMs += childrenCpuMs() - cpuBefore;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

export interface CliStartup {
  runs: number;
  nodeEmptyMedianMs: number;
  yikeyTokensMedianMs: number;
  ratio: number;
  target: number;
  pass: boolean;
  /** Mean CPU time per run (user + system, the CLI and its token host), and their ratio. */
  nodeEmptyMeanCpuMs: number;
  yikeyTokensMeanCpuMs: number;
  cpuRatio: number;
  /** Runs whose key was initialised by a standby host waiting before the run started. */
  servedByStandbyHost: number;
}

/** Whether the key's C_Initialize of the run just made came from one of `standbys`. */
function initialisedBy(home: string, standbys: number[]): boolean {
  const initialisers = readCallLog(home)
    .filter((call) => call.fn === 'C_Initialize')
    .map((call) => call.pid);
  return initialisers.some((pid) => standbys.includes(pid));
}

/** Alternates the two commands so that load on the machine hits both alike. */
function measureCliStartupIn(env: NodeJS.ProcessEnv, runs: number, home: string): CliStartup {
  // cli.cjs: what the package bin runs.
  const cli = [join(builtDirectory, 'cli.cjs'), 'tokens'];
  // The first run reads the files from disk; the holder's later runs do not.
  wallMs(cli, env, { totalMs: 0 });
  const bare: number[] = [];
  const tokens: number[] = [];
  const bareCpu = { totalMs: 0 };
  const tokensCpu = { totalMs: 0 };
  let servedByStandbyHost = 0;
  for (let run = 0; run < runs; run++) {
    bare.push(wallMs(['-e', '0'], env, bareCpu));
    const waiting = standbyHostsOf(home);
    enableCallLog(home);
    tokens.push(wallMs(cli, env, tokensCpu));
    if (initialisedBy(home, waiting)) servedByStandbyHost++;
  }
  const ratio = median(tokens) / median(bare);
  return {
    runs,
    nodeEmptyMedianMs: median(bare),
    yikeyTokensMedianMs: median(tokens),
    ratio,
    target: 3,
    pass: ratio <= 3,
    nodeEmptyMeanCpuMs: bareCpu.totalMs / runs,
    yikeyTokensMeanCpuMs: tokensCpu.totalMs / runs,
    cpuRatio: tokensCpu.totalMs / bareCpu.totalMs,
    servedByStandbyHost,
  };
}

/**
 * CPU time of one standby host's start-up, which a command served by it does not pay (the
 * previous command's host started it as it ended) and the CPU figures above therefore leave out:
 * a standby started alone with an idle time of 1 ms, so it starts, listens and exits.
 */
function measureStandbyStartCpuMs(env: NodeJS.ProcessEnv, runs: number): number {
  const cpu = { totalMs: 0 };
  const standbyEnv = {
    ...env,
    YIKEY_STANDBY_SOCKET: join(builtDirectory, `bench-standby-${process.pid}.sock`),
    YIKEY_STANDBY_IDLE_SECONDS: '0.001',
  };
  for (let run = 0; run < runs; run++)
    wallMs([join(builtDirectory, 'token-host.cjs'), '--standby'], standbyEnv, cpu);
  return cpu.totalMs / runs;
}

export type CliStartupResults = CliStartup & {
  /** NODE_EXTRA_CA_CERTS of the environment measured first, if set (null: not set). */
  nodeExtraCaCerts: string | null;
  /**
   * The same without NODE_EXTRA_CA_CERTS, when the environment sets it: Node parses that file at
   * every start (~25 ms for a system bundle), which makes `node -e 0` slower and so the ratio
   * smaller; a holder's machine usually does not set it, so both are reported.
   */
  withoutExtraCaCerts?: CliStartup;
  /** Without NODE_EXTRA_CA_CERTS and with standby hosts off: each command forks its host. */
  withoutStandbyHost: CliStartup;
  /** Mean CPU ms of one standby host's start-up (paid between commands, not in the figures above). */
  standbyHostStartCpuMs: number;
};

export function measureCliStartup(keys: VirtualKeyHome, runs: number): CliStartupResults {
  // Standby hosts the runs leave behind go 30 s after the last run, not 5 minutes. Their sockets
  // go to a runtime folder of the bench's own (removed with the key home): the holder's standby
  // hosts neither count against the limit per folder nor are met by the runs.
  const env: NodeJS.ProcessEnv = {
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_STANDBY_IDLE_SECONDS: '30',
    XDG_RUNTIME_DIR: makeRuntimeFolder(keys.home),
  };
  const nodeExtraCaCerts = env.NODE_EXTRA_CA_CERTS || null;
  const asSet = measureCliStartupIn(env, runs, keys.home);
  const withoutCaEnv = { ...env };
  delete withoutCaEnv.NODE_EXTRA_CA_CERTS;
  const common = {
    nodeExtraCaCerts,
    withoutStandbyHost: measureCliStartupIn({ ...withoutCaEnv, YIKEY_STANDBY_HOST: 'off' }, runs, keys.home),
    standbyHostStartCpuMs: measureStandbyStartCpuMs(withoutCaEnv, runs),
  };
  if (!nodeExtraCaCerts) return { ...asSet, ...common };
  return { ...asSet, ...common, withoutExtraCaCerts: measureCliStartupIn(withoutCaEnv, runs, keys.home) };
}

interface RunningBrowserMode {
  url: string;
  pid: number;
  msToUrl: number;
  /** CPU time of the server and its token host when the URL was printed. */
  cpuMsToUrl: number;
  stop(): Promise<void>;
}

async function startBuiltBrowserMode(keys: VirtualKeyHome): Promise<RunningBrowserMode> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(builtDirectory, 'web.mjs'),
      ...['--module', keys.modulePath, '--settings', join(keys.home, 'bench-settings.json')],
    ],
    { env: { ...keys.env, YIKEY_TRUSTED_CA: '', YIKEY_POLICY_FILE: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const msToUrl = performance.now() - started;
  if (first.done) throw new Error('browser mode exited before printing its URL');
  const pid = child.pid!;
  const cpuMsToUrl = [pid, ...childPids(pid)].reduce((sum, each) => sum + processCpuMs(each), 0);
  return {
    url: first.value as string,
    pid,
    msToUrl,
    cpuMsToUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface BrowserModeStartup {
  runs: number;
  medianMsToUrl: number;
  /** Mean CPU time of the server and its token host until the URL was printed. */
  meanCpuMsToUrl: number;
  target: number;
  pass: boolean;
}

export async function measureBrowserModeStartup(
  keys: VirtualKeyHome,
  runs: number,
): Promise<BrowserModeStartup> {
  const samples: number[] = [];
  let cpuMs = 0;
  for (let run = 0; run < runs; run++) {
    const server = await startBuiltBrowserMode(keys);
    samples.push(server.msToUrl);
    cpuMs += server.cpuMsToUrl;
    await server.stop();
  }
  const medianMsToUrl = median(samples);
  return { runs, medianMsToUrl, meanCpuMsToUrl: cpuMs / runs, target: 1000, pass: medianMsToUrl <= 1000 };
}

/** Peak resident set size of a live process, from the kernel (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmHWM:'));
  if (!line) throw new Error(`no VmHWM for ${pid}`);
  return Number(line.replace(/\D+/g, '')) / 1024;
}

function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

export interface BrowserModeMemory {
  signatures: number;
  serverPeakRssMiB: number;
  tokenHostPeakRssMiB: number;
  targetMiB: number;
  pass: boolean;
}

/** 1,000 files:sign calls, `inFlight` at a time, as a page signing a list of records. */
export async function measureBrowserModeMemory(
  keys: VirtualKeyHome,
  options: { signatures: number; inFlight: number; pin: string },
): Promise<BrowserModeMemory> {
  const server = await startBuiltBrowserMode(keys);
  try {
    const { origin, port } = new URL(server.url);
    const { socket } = await welcomed(
      { origin, port: Number(port) },
      { kind: 'launch', value: launchSecretOf(server.url) },
    );
    // call() leaves one 'close' listener per call on the socket (harmless for a test's few calls).
    socket.setMaxListeners(0);
    const listed = await call(socket, 'tokens:list', {});
    const [token] = (listed.output as { tokens: { slotId: string }[] }).tokens;
    if (!token) throw new Error('browser mode sees no key');
    const login = await call(socket, 'session:login', { slotId: token.slotId, pin: options.pin });
    if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    const file = {
      name: 'record.txt',
      contentBase64: Buffer.alloc(1024, 0x41).toString('base64'),
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < options.signatures) {
        next++;
        const signed = await call(socket, 'files:sign', { file });
        if (!signed.ok) throw new Error(`files:sign failed: ${JSON.stringify(signed.error)}`);
      }
    };
    await Promise.all(Array.from({ length: options.inFlight }, worker));
    const [hostPid] = childPids(server.pid);
    if (hostPid === undefined) throw new Error('no token host process under browser mode');
    const serverPeakRssMiB = peakRssMiB(server.pid);
    const tokenHostPeakRssMiB = peakRssMiB(hostPid);
    socket.close();
    return {
      signatures: options.signatures,
      serverPeakRssMiB,
      tokenHostPeakRssMiB,
      targetMiB: 150,
      pass: serverPeakRssMiB < 150 && tokenHostPeakRssMiB < 150,
    };
  } finally {
    await server.stop();
  }
}
