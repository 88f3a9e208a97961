// Expiry badges come from a cached listing of the key; they must still be right after the
// holder changes the renewal window and after time moves on (a long-running app past midnight,
// past notAfter), without anyone re-reading the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('expiry status of a cached listing', () => {
  let keys: VirtualKeyHome;
  let holder: HolderService;
  let now = new Date();
  let listObjectsCalls = 0;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor', days: 20 });
    now = new Date(); // after issuing: 20 days minus a moment are left, which is 19 whole days
    process.env.VUSBKEY_HOME = keys.home;
    const host = new TokenHostClient({
      module: { path: keys.modulePath, source: 'setting' },
      pollIntervalMs: 50,
    });
    // Count reads of the key's objects, to show the answers below come from the cache.
    const call = host.call.bind(host);
    host.call = ((method, input) => {
      if (method === 'listObjects') listObjectsCalls += 1;
      return call(method, input);
    }) as typeof host.call;
    holder = new HolderService({ host, clock: () => now });
    await holder.start();
  });

  afterAll(async () => {
    holder?.stop();
    await keys?.cleanup();
  });

  const firstCertificate = async () => {
    const entry = (await holder.listAll()).certificates[0];
    if (!entry?.readable) throw new Error('no readable certificate');
    return entry.certificate;
  };

  it('follows the renewal window and the clock while the listing stays cached', async () => {
    expect(await firstCertificate()).toMatchObject({ status: 'expiring', daysLeft: 19 });
    const readsAfterFirstListing = listObjectsCalls;

    holder.setRenewalWindowDays(10);
    expect(await firstCertificate()).toMatchObject({ status: 'valid', daysLeft: 19 });

    now = new Date(now.getTime() + 12 * DAY_MS);
    expect(await firstCertificate()).toMatchObject({ status: 'expiring', daysLeft: 7 });

    now = new Date(now.getTime() + 9 * DAY_MS);
    expect(await firstCertificate()).toMatchObject({ status: 'expired', daysLeft: 0 });

    // Every answer above came from the one cached read of the key.
    expect(listObjectsCalls).toBe(readsAfterFirstListing);
  });
});
