// The built CLI tells its token host which module to load before it loads its own program
// (src-main/token/early-initialize.ts, issue 11). Seen from outside: the key's call log, which
// names the process that initialised the module, and what the command prints.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { runCli } from '../helpers/run-cli';
import { killStandbyHostsOf, makeRuntimeFolder } from '../helpers/standby-hosts';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('the built CLI’s initialize sent ahead', () => {
  let keys: VirtualKeyHome;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'ahead', pin: '123456' });
    // Standby hosts these commands leave go 30 s after the test at the latest (their socket
    // folder goes with the key home, so a late one cannot listen at all).
    env = {
      ...keys.env,
      YIKEY_LANG: 'en',
      XDG_RUNTIME_DIR: makeRuntimeFolder(keys.home),
      YIKEY_STANDBY_IDLE_SECONDS: '30',
    };
  });

  afterEach(async () => {
    killStandbyHostsOf(keys.home);
    await keys.cleanup();
  });

  const initialisers = (): number[] =>
    readCallLog(keys.home)
      .filter((call) => call.fn === 'C_Initialize')
      .map((call) => call.pid);

  it('the module named by --module (either spelling) is loaded once, by the host that serves the command', async () => {
    for (const args of [
      ['tokens', '--json', '--module', keys.modulePath],
      [`--module=${keys.modulePath}`, 'tokens', '--json'],
    ]) {
      enableCallLog(keys.home);
      const listed = await runCli(args, { env });
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ label: 'ahead' })]);
      expect(initialisers()).toHaveLength(1);
    }
  });

  it('a module that crashes as it loads is reported as a crash at once, not as a host that did not answer', async () => {
    await keys.injectFault('ahead', { op: 'C_Initialize', crash: true });
    const listed = await runCli(['tokens'], { env: { ...env, YIKEY_PKCS11_MODULE: keys.modulePath } });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('[module-crashed]');
    expect(listed.stderr).not.toMatch(/did not answer/);
  });

  it('starts loading the module before the command reads its input: a command that then fails early has still loaded it', async () => {
    // `sign` reads its file before it opens the key; the host was told the module before that.
    enableCallLog(keys.home);
    const missing = join(keys.home, 'no-such-record.txt');
    const signed = await runCli(['sign', '--in', missing, '--out', `${missing}.p7s`, '--pin-stdin'], {
      env: { ...env, YIKEY_PKCS11_MODULE: keys.modulePath },
      stdin: '123456\n',
    });
    expect(signed.code).not.toBe(0);
    await expect.poll(initialisers, { timeout: 10_000 }).toHaveLength(1);
  });
});
