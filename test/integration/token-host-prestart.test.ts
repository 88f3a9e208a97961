// A token host started early (prestartTokenHost: the CLI and browser mode do it before loading
// their code) must never outlive or hold up its parent when nothing takes it: a command that
// fails before it needs a key still exits at once, and the spare host exits with it.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVirtualKeyHome } from '../helpers/vusbkey-fixture';

const root = resolve(import.meta.dirname, '../..');

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('prestarted token host', () => {
  it('does not keep its parent alive and exits with it', async () => {
    // The parent starts a spare host, then has nothing left to do but read its standard input,
    // which the test closes once it has seen the spare: it must then exit by itself. (Before it
    // read stdin it could exit right after its line, before the test looked: the spare was then
    // no longer its child — one failure in a parallel run.)
    const script = [
      "const { prestartTokenHost } = await import('./src-main/holder/prestart-token-host.ts');",
      'prestartTokenHost();',
      'process.stdin.resume();',
      "process.stdout.write('started\\n');",
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => parent.on('exit', (code) => done(code)));
    await new Promise<void>((done) => parent.stdout.once('data', () => done()));
    const spares = childrenOf(parent.pid!);
    expect(spares).toHaveLength(1);
    parent.stdin.end();
    expect(await exited).toBe(0);
    // The spare sees its channel close and shuts down; wait for it, bounded by the test timeout.
    while (alive(spares[0]!)) await new Promise((done) => setTimeout(done, 50));
    expect(alive(spares[0]!)).toBe(false);
  });

  it('a host whose parent went away before its answer exits quietly, without a crash on the closed channel', async () => {
    // What a command that ends at once does to the host it told to load a module ahead
    // (token/early-initialize.ts): the answer meets a closed channel (EPIPE).
    const keys = await createVirtualKeyHome();
    try {
      await keys.initKey({ label: 'gone' });
      for (let attempt = 0; attempt < 3; attempt++) {
        const host = fork(resolve(root, 'dist/node/token-host.cjs'), [], {
          env: keys.env,
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        let stderr = '';
        host.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((done) => host.once('exit', (code) => done(code)));
        host.send({
          kind: 'request',
          id: -1,
          method: 'initialize',
          params: { modulePath: keys.modulePath, pollIntervalMs: 50, reinitializeAfterRemoval: false },
        });
        host.disconnect();
        expect(await exited).toBe(0);
        expect(stderr).toBe('');
      }
    } finally {
      await keys.cleanup();
    }
  });
});
