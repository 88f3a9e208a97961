// TokenHostClient's state machine on a scripted fake host: every host it spawns must end up
// either serving calls or dead, whatever happens while starting, running, restarting or stopping.
import { describe, expect, it } from 'vitest';
import { TokenHostClient, type HostLifecycleEvent } from '../../../src-main/token/token-host-client';
import { fakeLauncher, type FakeHostScript } from './fake-host-launcher';

function clientWith(scripts: FakeHostScript[], timeoutsMs?: Record<string, number>) {
  const { launcher, hosts } = fakeLauncher(scripts);
  const client = new TokenHostClient({
    module: { path: '/usr/lib/fake-pkcs11.so', source: 'setting' },
    launcher,
    shutdownGraceMs: 100,
    ...(timeoutsMs ? { timeoutsMs } : {}),
  });
  const lifecycle: HostLifecycleEvent['type'][] = [];
  client.onLifecycle((event) => lifecycle.push(event.type));
  return { client, hosts, lifecycle };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TokenHostClient state machine', () => {
  it('a crash while starting rejects start(), spawns no second host, and leaves nothing running', async () => {
    const { client, hosts, lifecycle } = clientWith(['crash-on-initialize', 'ok']);
    await expect(client.start()).rejects.toMatchObject({ code: 'module-crashed' });
    await settle();
    expect(hosts).toHaveLength(1);
    expect(client.stateName).toBe('idle');
    expect(lifecycle).toEqual([]);
    await client.stop();
    expect(hosts.every((host) => host.exited)).toBe(true);
  });

  it('stop() while starting ends the host that was spawned', async () => {
    const { client, hosts } = clientWith(['hang']);
    const starting = expect(client.start()).rejects.toMatchObject({ code: 'cancelled' });
    await settle();
    await client.stop();
    await starting;
    expect(hosts).toHaveLength(1);
    expect(hosts[0]!.exited).toBe(true);
    expect(client.stateName).toBe('stopped');
  });

  it('a crash during a call fails the call, restarts the host and says so', async () => {
    const { client, hosts, lifecycle } = clientWith(['ok']);
    await client.start();
    const signing = client.call('signDigest', {
      slotId: '0',
      keyId: '01',
      mechanism: 'rsa-pkcs',
      data: new Uint8Array([1]),
    });
    await settle();
    hosts[0]!.exit(null, 'SIGSEGV');
    await expect(signing).rejects.toMatchObject({ code: 'module-crashed' });
    await settle();
    expect(lifecycle).toEqual(['host-crashed', 'host-restarted']);
    expect(hosts).toHaveLength(2);
    expect(client.stateName).toBe('ready');
    await expect(client.call('listTokens', {})).resolves.toEqual([]);
    expect(hosts[1]!.methods()).toContain('listTokens');
    await client.stop();
    expect(hosts.every((host) => host.exited)).toBe(true);
  });

  it('a hung call times out as module-timeout, and the hung host is replaced', async () => {
    const { client, hosts, lifecycle } = clientWith(['ok'], { logout: 50 });
    await client.start();
    await expect(client.call('logout', { slotId: '0' })).rejects.toMatchObject({ code: 'module-timeout' });
    await settle();
    expect(hosts[0]!.killed).toBe(true);
    expect(hosts[0]!.exited).toBe(true);
    expect(lifecycle).toEqual(['host-crashed', 'host-restarted']);
    expect(client.stateName).toBe('ready');
    await client.stop();
  });

  it('stop() during a restart leaves nothing running and announces no restart', async () => {
    const { client, hosts, lifecycle } = clientWith(['ok', 'hang']);
    await client.start();
    hosts[0]!.exit(null, 'SIGSEGV');
    await settle();
    expect(client.stateName).toBe('restarting');
    expect(hosts).toHaveLength(2);
    await client.stop();
    await settle();
    expect(hosts.every((host) => host.exited)).toBe(true);
    expect(lifecycle).toEqual(['host-crashed']);
    await expect(client.start()).rejects.toMatchObject({ code: 'cancelled' });
    expect(hosts).toHaveLength(2);
  });

  it('stop() asks a running host to shut down (log out, finalise) before anything is killed', async () => {
    const { client, hosts } = clientWith(['ok']);
    await client.start();
    await client.stop();
    expect(hosts[0]!.methods()).toEqual(['initialize', 'shutdown']);
    expect(hosts[0]!.exited).toBe(true);
    expect(hosts[0]!.killed).toBe(false);
  });

  it('kills a host that does not finish its shutdown in time', async () => {
    const { client, hosts } = clientWith(['ok']);
    await client.start();
    // From now on the host answers nothing, like a module hung in C_Logout.
    hosts[0]!.send = () => undefined;
    await client.stop();
    expect(hosts[0]!.killed).toBe(true);
    expect(hosts[0]!.exited).toBe(true);
  });

  it("checks each reply against its method's result, and refuses a malformed one", async () => {
    const { client, hosts } = clientWith(['ok']);
    await client.start();
    const objects = client.call('listObjects', { slotId: '0' });
    await settle();
    const request = hosts[0]!.requests.at(-1)!;
    hosts[0]!.reply(request.id, {
      certificates: [{ id: 'zz', label: 'x', value: 'not bytes' }],
      privateKeys: [],
    });
    await expect(objects).rejects.toMatchObject({
      code: 'internal-error',
      message: 'Malformed listObjects reply from the token host',
    });
    await client.stop();
  });

  it('handles a reply that arrives just before the host exits as an answer, not as a crash', async () => {
    const { client, hosts } = clientWith(['ok']);
    await client.start();
    const listing = client.call('listObjects', { slotId: '0' });
    await settle();
    const request = hosts[0]!.requests.at(-1)!;
    hosts[0]!.reply(request.id, { certificates: [], privateKeys: [] });
    hosts[0]!.exit(null, 'SIGSEGV');
    await expect(listing).resolves.toEqual({ certificates: [], privateKeys: [] });
    await client.stop();
  });
});
