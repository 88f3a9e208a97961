// The yikey CLI as a holder or IT person runs it, checked by independent tools: OpenSSL
// verifies the signatures, pkcs11-tool checks the PIN on the same SoftHSM tokens.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { opensslCmsVerify } from '../helpers/openssl';
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';
import { builtCliEntry, runCli } from '../helpers/run-cli';
import { findSystemLibrary } from '../helpers/system-libraries';

// Every test starts from the same state and leaves it so (each passes alone and in any order):
// the key 'doctor' is the only one plugged in, with PIN 123456 and no wrong try on record. A test
// that needs another key or another PIN creates its own key and unplugs it when done.
describe('yikey CLI on a virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let env: NodeJS.ProcessEnv;
  let record: string;

  const loginCalls = (): number => readCallLog(keys.home).filter((call) => call.fn === 'C_Login').length;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor', pin: '123456', soPin: '12345678' });
    env = { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath, YIKEY_LANG: 'en' };
    record = join(keys.home, 'record.txt');
    await writeFile(record, '出院小结：患者张三，2026-11-22。\n');
  });

  afterAll(async () => {
    await keys?.cleanup();
  });

  it('lists the key and its certificate as JSON', async () => {
    const tokens = await runCli(['tokens', '--json'], { env });
    expect(tokens.code).toBe(0);
    expect(JSON.parse(tokens.stdout)).toEqual([
      expect.objectContaining({ label: 'doctor', manufacturer: 'YiKey vUSBKEY' }),
    ]);
    const certs = await runCli(['certs', '--json'], { env });
    const listing = JSON.parse(certs.stdout) as {
      certificates: { certificate: { subject: { commonName: string } } }[];
    };
    expect(listing.certificates[0]?.certificate.subject.commonName).toBe('张三');
  });

  it('signs a file that OpenSSL verifies, and that fails after one byte changes', async () => {
    const signature = `${record}.p7s`;
    const signed = await runCli(['sign', '--in', record, '--out', signature, '--pin-stdin'], {
      env,
      stdin: '123456\n',
    });
    expect(signed.stderr).toContain('Signed');
    expect(signed.code).toBe(0);
    expect(opensslCmsVerify({ content: record, signature, caFile: keys.caPath })).toMatchObject({ ok: true });
    const ours = await runCli(['verify', '--in', record, '--sig', signature, '--ca', keys.caPath, '--json'], {
      env,
    });
    expect(JSON.parse(ours.stdout)).toMatchObject({ valid: true, chain: 'trusted' });

    const tampered = join(keys.home, 'tampered.txt');
    const bytes = await readFile(record);
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(tampered, bytes);
    expect(opensslCmsVerify({ content: tampered, signature, caFile: keys.caPath }).ok).toBe(false);
    const rejected = await runCli(['verify', '--in', tampered, '--sig', signature, '--json'], { env });
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ valid: false, integrity: 'content-changed' });
  });

  it('says how many tries remain on a wrong PIN and never calls another failure a wrong PIN', async () => {
    const out = join(keys.home, 'wrong-pin.p7s');
    const wrong = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], {
      env,
      stdin: '999999\n',
    });
    expect(wrong.code).toBe(1);
    // One wrong try sets CKF_USER_PIN_COUNT_LOW: that says a wrong PIN is on record, not "few left".
    expect(wrong.stderr).toMatch(
      /\[pin-incorrect\]: Wrong PIN\. Wrong PINs have been entered before; more will lock/,
    );
    expect(wrong.stderr).not.toMatch(/few tries/);
    expect(existsSync(out)).toBe(false);

    const missing = await runCli(['sign', '--in', join(keys.home, 'nope.txt'), '--out', out, '--pin-stdin'], {
      env,
      stdin: '123456\n',
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[file-unreadable]');
    expect(missing.stderr).not.toContain('pin-incorrect');

    const empty = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], { env, stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('[invalid-input]');
    // The right PIN (through an independent client) clears the wrong try for the next test.
    expect(pkcs11ToolLogsIn(keys, '123456', 'doctor')).toBe(true);
  });

  it('refuses PINs outside the length limits without sending them to the key', async () => {
    const out = join(keys.home, 'length.p7s');
    enableCallLog(keys.home);
    try {
      for (const pin of ['12345', '7'.repeat(30)]) {
        const outOfRange = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], {
          env,
          stdin: `${pin}\n`,
        });
        expect(outOfRange.code).toBe(1);
        expect(outOfRange.stderr).toContain('[pin-len-range]');
      }
      // The virtual key refuses these lengths by itself without counting a try, so the outcome
      // alone cannot tell YiKey's refusal from the key's: the key's call log can.
      expect(loginCalls()).toBe(0);
      // The log does record a login that is sent, so the zero above means something.
      const ok = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], {
        env,
        stdin: '123456\n',
      });
      expect(ok.code).toBe(0);
      expect(loginCalls()).toBe(1);
    } finally {
      rmSync(join(keys.home, 'call-log'), { force: true });
    }
  });

  it('writes nothing when the key is pulled out during the signature', async () => {
    const out = join(keys.home, 'unplugged.p7s');
    await keys.injectFault('doctor', { op: 'C_Sign', unplug: true });
    try {
      const result = await runCli(['sign', '--in', record, '--out', out, '--pin-stdin'], {
        env,
        stdin: '123456\n',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('[token-removed]');
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(join(keys.home, 'keys', 'doctor', 'faults', 'C_Sign'), { force: true }); // if never reached
      await keys.plug('doctor');
    }
  });

  it('says "insert your USBKEY" when none is inserted, and "locked" once the PIN is locked', async () => {
    await keys.initKey({ label: 'spare', pin: '123456', maxTries: 2 });
    await keys.unplug('doctor');
    await keys.unplug('spare');
    try {
      const none = await runCli(
        ['sign', '--in', record, '--out', join(keys.home, 'none.p7s'), '--pin-stdin'],
        {
          env,
          stdin: '123456\n',
        },
      );
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('[token-not-present]');
      await keys.plug('spare');
      const sign = (pin: string) =>
        runCli(['sign', '--in', record, '--out', join(keys.home, 'spare.p7s'), '--pin-stdin'], {
          env,
          stdin: `${pin}\n`,
        });
      expect((await sign('999999')).stderr).toMatch(/\[pin-incorrect\].*one try left/);
      expect((await sign('999999')).stderr).toContain('[pin-locked]');
      const locked = await sign('123456');
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('[pin-locked]');
    } finally {
      await keys.unplug('spare');
      await keys.plug('doctor');
    }
  });

  it('a wrong command line gets a Chinese line first, naming what is wrong, and exit 2', async () => {
    const chinese = { ...env, YIKEY_LANG: 'zh-CN' };
    const unknown = await runCli(['tokenz'], { env: chinese });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^错误：没有这个命令.*\(error: unknown command 'tokenz'/);
    const missing = await runCli(['sign', '--out', 'x.p7s'], { env: chinese });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^错误：缺少必需的选项 \(error: required option '--in <file>' not specified\)/,
    );
    // Help shown for a missing command is not an error line.
    const bare = await runCli([], { env: chinese });
    expect(bare.stderr).toContain('Usage: yikey');
    expect(bare.stderr).not.toContain('错误');
  });

  it('refuses a module that is not PKCS#11 with a clear message', async () => {
    const notAModule = await runCli(['tokens', '--module', record], { env });
    expect(notAModule.code).toBe(1);
    expect(notAModule.stderr).toContain('[module-not-pkcs11]');
    const absent = await runCli(['tokens', '--module', '/nonexistent/libpkcs11.so'], { env });
    expect(absent.stderr).toContain('[module-not-found]');
    // A real shared library that is not PKCS#11 (zlib) gets the same clear answer.
    const zlibPath = findSystemLibrary('libz.so.1');
    expect(zlibPath, 'libz.so.1, found through ldconfig or the multiarch folders').not.toBeNull();
    const zlib = await runCli(['tokens', '--module', zlibPath!], { env });
    expect(zlib.code).toBe(1);
    expect(zlib.stderr).toContain('[module-not-pkcs11]');
  });

  it('changes the PIN so that pkcs11-tool logs in with the new PIN and not the old one', async () => {
    // A key of its own, chosen with --slot beside 'doctor': the change is for good, and the
    // doctor key must keep PIN 123456 for the other tests.
    await keys.initKey({ label: 'renewed', pin: '123456', certificate: false });
    try {
      const tokens = await runCli(['tokens', '--json'], { env });
      const listed = JSON.parse(tokens.stdout) as { label: string; slotId: string }[];
      const slotId = listed.find((token) => token.label === 'renewed')?.slotId;
      expect(slotId).toBeDefined();
      const changePin = (stdin: string) =>
        runCli(['change-pin', '--slot', slotId!, '--pin-stdin'], { env, stdin });
      const weak = await changePin('123456\n111111\n');
      expect(weak.stderr).toContain('[pin-policy]');
      const changed = await changePin('123456\n739184\n');
      expect(changed.code).toBe(0);
      expect(pkcs11ToolLogsIn(keys, '739184', 'renewed')).toBe(true);
      expect(pkcs11ToolLogsIn(keys, '123456', 'renewed')).toBe(false);
      expect(pkcs11ToolLogsIn(keys, '123456', 'doctor')).toBe(true); // --slot changed only the key it names
    } finally {
      await keys.unplug('renewed');
    }
  });

  it('watch prints one JSON line per removal and insertion', async () => {
    const watcher = spawn(process.execPath, [builtCliEntry, 'watch', '--json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let ready = false;
    watcher.stderr.on('data', (chunk: Buffer) => (ready ||= chunk.toString().includes('Watching')));
    watcher.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const waitForLines = async (count: number): Promise<void> => {
      for (let waited = 0; lines.length < count && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      for (let waited = 0; !ready && waited < 20_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ready).toBe(true);
      await keys.unplug('doctor');
      await waitForLines(1);
      await keys.plug('doctor');
      await waitForLines(2);
    } finally {
      watcher.kill('SIGTERM');
    }
    const events = lines.map((line) => JSON.parse(line) as { type: string; at: string; label?: string });
    expect(events.map((event) => event.type)).toEqual(['token-removed', 'token-inserted']);
    expect(events[0]?.label).toBe('doctor');
    expect(Number.isNaN(Date.parse(events[0]!.at))).toBe(false);
  });
});
