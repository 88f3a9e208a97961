// Pulling a key out logs the holder out of every key, and the windows are told "locked"
// (session:locked) only when that is true. The truth is read from the module itself: a fresh
// session on the other key sees its private keys only while the login lives on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HolderApiEventPayload } from '../../src-main/contract/holder-api';
import { translateHolderEvent } from '../../src-main/holder-api/event-translation';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

type Locked = HolderApiEventPayload<'session:locked'>;

describe('removal logs out everywhere, and says so only when it is true', () => {
  let keys: VirtualKeyHome;
  let host: TokenHostClient;
  let holder: HolderService;

  beforeEach(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'stays', pin: '482916' });
    await keys.initKey({ label: 'leaves', pin: '482916' });
    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 });
    holder = new HolderService({ host });
    await holder.start();
  });

  afterEach(async () => {
    await host?.stop();
    await keys?.cleanup();
  });

  const slotOf = async (label: string): Promise<string> => {
    const token = (await holder.listTokens()).find((candidate) => candidate.label === label);
    if (!token) throw new Error(`key ${label} not listed`);
    return token.slotId;
  };

  /** Resolves at session:locked with the private keys the module still shows on `slotId` then. */
  const lockedAnnouncement = (slotId: string): Promise<{ locked: Locked; privateKeysVisible: number }> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('session:locked was never announced')), 10_000);
      const unsubscribe = holder.onEvent((event) => {
        for (const apiEvent of translateHolderEvent(event)) {
          if (apiEvent.name !== 'session:locked') continue;
          clearTimeout(timer);
          unsubscribe();
          const locked = apiEvent.payload as Locked;
          host
            .call('listObjects', { slotId })
            .then((objects) => resolve({ locked, privateKeysVisible: objects.privateKeys.length }), reject);
        }
      });
    });

  it('announces session:locked after the logout, and the other key is really logged out', async () => {
    const stays = await slotOf('stays');
    await holder.login(stays, '482916');
    await holder.login(await slotOf('leaves'), '482916');
    expect((await host.call('listObjects', { slotId: stays })).privateKeys.length).toBeGreaterThan(0);
    const announced = lockedAnnouncement(stays);
    await keys.unplug('leaves');
    const { locked, privateKeysVisible } = await announced;
    expect(locked.reason).toBe('token-removed');
    expect(privateKeysVisible).toBe(0);
  });

  it('when the module will not close the other key’s session, the host is restarted before anything says locked', async () => {
    const stays = await slotOf('stays');
    await holder.login(stays, '482916');
    await holder.login(await slotOf('leaves'), '482916');
    for (const op of ['C_Logout', 'C_CloseSession', 'C_CloseAllSessions']) {
      await keys.injectFault('stays', { op, rv: 'CKR_DEVICE_ERROR' });
    }
    const announced = lockedAnnouncement(stays);
    await keys.unplug('leaves');
    const { locked, privateKeysVisible } = await announced;
    expect(privateKeysVisible).toBe(0);
    expect(locked.reason).toBe('host-restarted');
  });
});
