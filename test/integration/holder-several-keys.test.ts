// Several keys inserted at once: a key whose objects cannot be read is reported as such and
// never hides the certificates of a good key, in the listing and for signing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { opensslCmsVerify } from '../helpers/openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('holder with two keys, one unreadable', () => {
  let keys: VirtualKeyHome;
  let holder: HolderService;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'good', commonName: '张三' });
    await keys.initKey({ label: 'faulty', commonName: '李四' });
    process.env.VUSBKEY_HOME = keys.home;
    holder = new HolderService({
      host: new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 }),
    });
    await holder.start();
  });

  afterAll(async () => {
    await holder?.stop();
    await keys?.cleanup();
  });

  it('lists the good key and names the one it could not read; the next listing reads both', async () => {
    await keys.injectFault('faulty', { op: 'C_FindObjectsInit', rv: 'CKR_DEVICE_ERROR' });
    const listing = await holder.listAll();
    expect(listing.tokens.map((token) => token.label).sort()).toEqual(['faulty', 'good']);
    expect(listing.certificates.map((entry) => entry.tokenLabel)).toEqual(['good']);
    expect(listing.unreadableKeys).toMatchObject([{ tokenLabel: 'faulty', error: { code: 'device-error' } }]);

    const again = await holder.listAll();
    expect(again.unreadableKeys).toEqual([]);
    expect(again.certificates.map((entry) => entry.tokenLabel).sort()).toEqual(['faulty', 'good']);
  });

  it('lists the good key when the other is not recognised by the module', async () => {
    await keys.injectFault('faulty', { op: 'C_GetTokenInfo', rv: 'CKR_TOKEN_NOT_RECOGNIZED' });
    expect((await holder.listTokens()).map((token) => token.label)).toEqual(['good']);
    expect((await holder.listTokens()).map((token) => token.label).sort()).toEqual(['faulty', 'good']);
  });

  it('signs with the good key while the other cannot be read', async () => {
    const good = (await holder.listAll()).certificates.find((entry) => entry.tokenLabel === 'good');
    if (!good?.readable) throw new Error('good key not listed');
    await holder.login(good.slotId, '123456');
    await keys.injectFault('faulty', { op: 'C_FindObjectsInit', rv: 'CKR_DEVICE_ERROR' });
    const content = new TextEncoder().encode('病程记录');
    const { signature, signer } = await holder.sign({
      content,
      certificateFingerprint: good.certificate.sha256Fingerprint,
    });
    expect(signer.tokenLabel).toBe('good');
    const folder = await mkdtemp(join(tmpdir(), 'yikey-several-'));
    try {
      await writeFile(join(folder, 'record.txt'), content);
      await writeFile(join(folder, 'record.p7s'), signature);
      const verified = opensslCmsVerify({
        content: join(folder, 'record.txt'),
        signature: join(folder, 'record.p7s'),
        caFile: keys.caPath,
      });
      expect(verified.output).toContain('Verification successful');
      expect(verified.ok).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
