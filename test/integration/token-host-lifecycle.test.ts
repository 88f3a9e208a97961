// The token host's life on a real module (vusbkey over SoftHSM): a module that crashes while
// loading leaves no host behind, and quitting logs out of the key and finalises the module.
// The module's call log (vusbkey `call-log`) says from outside which process did what.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

/** Token host processes that are children of this test process, from the process table. */
function childTokenHosts(): number[] {
  const listing = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return listing.stdout
    .split('\n')
    .filter((line) => line.includes('host-main'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function isAlive(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return state !== '' && !state.startsWith('Z');
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('token host lifecycle on a virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  const hostFor = () =>
    new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 });

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'alpha', pin: '123456' });
    process.env.VUSBKEY_HOME = keys.home;
  });

  afterAll(async () => {
    await keys?.cleanup();
  });

  it('a module crashing in C_Initialize fails start(), and after stop() no token host is left', async () => {
    enableCallLog(keys.home);
    await keys.injectFault('alpha', { op: 'C_Initialize', crash: true });
    const host = hostFor();
    const crashedPid = await new Promise<number | undefined>((resolve) => {
      const starting = host.start();
      resolve(host.pid);
      void starting.catch(() => undefined);
    });
    await expect(host.start()).rejects.toMatchObject({ code: 'module-crashed' });
    // Give a (wrongly) restarted host time to load the module and start polling.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await host.stop();
    const loadedBy = readCallLog(keys.home)
      .filter((call) => call.fn === 'C_Initialize')
      .map((call) => call.pid);
    const gone = await waitUntil(
      () => loadedBy.every((pid) => !isAlive(pid)) && childTokenHosts().length === 0,
      3000,
    );
    expect({ gone, loadedBy, children: childTokenHosts() }).toMatchObject({ gone: true, children: [] });
    expect(crashedPid !== undefined && isAlive(crashedPid)).toBe(false);
  });

  it('stop() logs out of the key and finalises the module before the host exits', async () => {
    enableCallLog(keys.home);
    const host = hostFor();
    await host.start();
    const [token] = await host.call('listTokens', {});
    await host.call('login', { slotId: token!.slotId, pin: '123456' });
    const pid = host.pid!;
    await host.stop();
    const calls = readCallLog(keys.home).filter((call) => call.pid === pid);
    const names = calls.map((call) => call.fn);
    expect(names).toContain('C_Login');
    const logout = names.lastIndexOf('C_Logout');
    const finalize = names.lastIndexOf('C_Finalize');
    expect(logout).toBeGreaterThan(names.lastIndexOf('C_Login'));
    expect(finalize).toBeGreaterThan(logout);
    expect(calls[finalize]!.rv).toBe(0);
    expect(calls[logout]!.rv).toBe(0);
    expect(await waitUntil(() => !isAlive(pid), 3000)).toBe(true);
  });
});
