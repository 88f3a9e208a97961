// The demo's provincial backend (test/provincial-backend, not packaged): seeded with demo users
// and the virtual key's holder, started on a free loopback port as a child process that ends
// with the demo. YiKey is pointed at it (YIKEY_BACKEND_URL) and trusts its CA next to the
// virtual key's test CA. If it cannot start, the demo goes on without it and says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Two folders up from src-main/demo/ and from dist/node/ alike: the repository.
const backendEntry = fileURLToPath(new URL('../../test/provincial-backend/backend-main.ts', import.meta.url));
const startTimeoutMs = 60_000;

type DemoLogin = { username: string; password: string; role: string; unit: string | null };

export async function startDemoBackend(vusbkeyHome: string, virtualKeyCaPath: string): Promise<void> {
  if (!existsSync(backendEntry)) return;
  const dataHome = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  const data = path.join(dataHome, 'yikey', 'provincial-backend');
  const run = (args: string[]) => [...['--import', 'tsx', backendEntry], ...args, '--data', data];
  try {
    const seeded = spawnSync(process.execPath, run(['seed-demo', '--vusbkey-home', vusbkeyHome, '--json']), {
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(seeded.stderr.trim());
    const { logins } = JSON.parse(seeded.stdout) as { logins: DemoLogin[] };
    const origin = await serve(run(['serve', '--port', '0', '--check-after', '5', '--exit-with-parent']));
    process.env.YIKEY_BACKEND_URL ??= origin;
    // The demo itself set the virtual key's CA a moment ago; a tester's own choice is kept.
    if (!process.env.YIKEY_TRUSTED_CA || process.env.YIKEY_TRUSTED_CA === virtualKeyCaPath) {
      // One PEM file with both CAs: the virtual key's (current certificate) and the backend's (renewed ones).
      const bundle = path.join(data, 'demo-trusted-cas.pem');
      mkdirSync(data, { recursive: true });
      writeFileSync(
        bundle,
        readFileSync(virtualKeyCaPath, 'utf8') + readFileSync(path.join(data, 'ca', 'ca.cert.pem'), 'utf8'),
      );
      process.env.YIKEY_TRUSTED_CA = bundle;
    }
    process.stderr.write(
      `省级后台审批控制台 Provincial backend console: ${origin}/console\n` +
        `演示登录（本次新密码） Demo logins (new each run):\n` +
        logins
          .map(
            (login) =>
              `  ${login.username} / ${login.password}  ${login.role}${login.unit ? ` ${login.unit}` : ''}\n`,
          )
          .join(''),
    );
  } catch (error) {
    process.stderr.write(
      `省级后台未启动 Provincial backend not started: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

/** Starts `serve` and resolves with its origin; the child is ended when the demo exits. */
function serve(args: string[]): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill('SIGTERM'));
  let printed = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within a minute')), startTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}`));
    });
  });
}
