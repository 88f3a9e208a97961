// OpenSSL 3.0's CMP mock server (`openssl cmp -port`) as the independent CMP peer. It needs a
// fixed port: pick one at random, wait for its ACCEPT line, retry on a collision. It stops by
// itself after -max_msgs messages and is killed by stop() (and at the latest by its timeout).
import { spawn, type ChildProcess } from 'node:child_process';

export interface MockCmpServer {
  url: string;
  port: number;
  /** Everything the server printed (its CMP log). */
  output(): string;
  stop(): Promise<void>;
}

export async function startOpensslCmpMock(args: string[], cwd: string, attempts = 5): Promise<MockCmpServer> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      return await startOnPort(port, args, cwd);
    } catch (error) {
      lastError = error as Error;
    }
  }
  throw lastError ?? new Error('openssl cmp mock server did not start');
}

function startOnPort(port: number, args: string[], cwd: string): Promise<MockCmpServer> {
  const child: ChildProcess = spawn('timeout', ['60', 'openssl', 'cmp', '-port', String(port), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (/ACCEPT /.test(output))
        resolve({
          url: `http://127.0.0.1:${port}/pkix/`,
          port,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`openssl cmp -port ${port} exited (${code}): ${output}`)));
  });
}
