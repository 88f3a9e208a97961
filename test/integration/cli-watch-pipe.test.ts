// `yikey watch --json | head -1`: the reader takes one line and goes away. The next event's
// write then fails with EPIPE; the CLI must end quietly with exit code 0, not crash.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { builtCliEntry } from '../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('yikey watch into a reader that closes after one line', () => {
  let keys: VirtualKeyHome;
  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
  });
  afterAll(() => keys.cleanup());

  it('exits with code 0 and no error once the reader is gone', async () => {
    const child = spawn(process.execPath, [builtCliEntry, 'watch', '--json'], {
      env: { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await expect.poll(() => stderr, { timeout: 30_000 }).toContain('Watching');
      const lines = createInterface({ input: child.stdout });
      const firstLine = once(lines, 'line') as Promise<[string]>;
      await keys.unplug('doctor');
      const [line] = await firstLine;
      expect(JSON.parse(line)).toMatchObject({ type: 'token-removed' });
      // `head -1` exits: the read end of the pipe closes.
      lines.close();
      child.stdout.destroy();
      await keys.plug('doctor'); // the next event is written into the closed pipe
      const [code, signal] = await exited;
      expect(stderr).not.toMatch(/EPIPE|Error/);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
