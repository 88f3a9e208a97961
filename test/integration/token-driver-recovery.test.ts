// How the token host treats a key that misbehaves or goes away, on real SoftHSM tokens behind
// the virtual USBKEY: a failed signature does not poison the next one, a login is successful
// only when the key checked the PIN, PINs a key would mishandle never reach it, and calls after
// a removal say the key was removed. Each test uses its own key, so no test relies on another.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenEvent } from '../../src-main/contract/token-types';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { opensslCmsVerify } from '../helpers/openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const content = new TextEncoder().encode('住院病历 2026-11-30 张三');

describe('token host recovery on a virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let host: TokenHostClient;
  let holder: HolderService;
  let directory: string;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    for (const label of ['signer', 'relogin', 'ascii', 'removed']) {
      await keys.initKey({ label, pin: '482916', maxTries: 6 });
    }
    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 });
    holder = new HolderService({ host });
    await holder.start();
    directory = await mkdtemp(join(tmpdir(), 'yikey-recovery-'));
  });

  afterAll(async () => {
    await host?.stop();
    await keys?.cleanup();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  const slotOf = async (label: string): Promise<string> => {
    const token = (await holder.listTokens()).find((candidate) => candidate.label === label);
    if (!token) throw new Error(`key ${label} not listed`);
    return token.slotId;
  };
  const triesLeft = async (label: string): Promise<number | undefined> =>
    (await keys.status()).find((key) => key.label === label)?.pinTriesLeft;
  const fingerprintOn = async (label: string): Promise<string> => {
    const entry = (await holder.listAll()).certificates.find(
      (candidate) => candidate.readable && candidate.tokenLabel === label,
    );
    if (!entry?.readable) throw new Error(`no certificate on ${label}`);
    return entry.certificate.sha256Fingerprint;
  };
  const nextTokenEvent = (type: TokenEvent['type']): Promise<TokenEvent> =>
    new Promise((resolve) => {
      const unsubscribe = host.onTokenEvent((event) => {
        if (event.type !== type) return;
        unsubscribe();
        resolve(event);
      });
    });

  it('after a one-off device error in C_Sign, the next signature works and OpenSSL verifies it', async () => {
    const slotId = await slotOf('signer');
    await holder.login(slotId, '482916');
    const certificateFingerprint = await fingerprintOn('signer');
    await keys.injectFault('signer', { op: 'C_Sign', rv: 'CKR_DEVICE_ERROR' });
    await expect(holder.sign({ content, certificateFingerprint })).rejects.toMatchObject({
      code: 'device-error',
    });
    const { signature } = await holder.sign({ content, certificateFingerprint });
    const contentFile = join(directory, 'record.txt');
    await writeFile(contentFile, content);
    await writeFile(`${contentFile}.p7s`, signature);
    const verified = opensslCmsVerify({
      content: contentFile,
      signature: `${contentFile}.p7s`,
      caFile: keys.caPath,
    });
    expect(verified.output).not.toMatch(/error/i);
    expect(verified.ok).toBe(true);
    // Still logged in: the holder did not have to type the PIN again.
    expect((await holder.listTokens()).find((token) => token.slotId === slotId)?.loggedIn).toBe(true);
    await holder.logout(slotId);
  });

  it('a wrong PIN answered with CKR_USER_ALREADY_LOGGED_IN is still a wrong PIN, and costs a try', async () => {
    const slotId = await slotOf('relogin');
    await holder.login(slotId, '482916');
    // Middleware that shares one login between applications answers any PIN this way.
    await keys.injectFault('relogin', { op: 'C_Login', rv: 'CKR_USER_ALREADY_LOGGED_IN' });
    await expect(holder.login(slotId, '000000')).rejects.toMatchObject({ code: 'pin-incorrect' });
    expect(await triesLeft('relogin')).toBe(5);
    expect((await holder.listTokens()).find((token) => token.slotId === slotId)?.loggedIn).toBe(false);
    await keys.injectFault('relogin', { op: 'C_Login', rv: 'CKR_USER_ALREADY_LOGGED_IN' });
    await holder.login(slotId, '482916');
    expect(await triesLeft('relogin')).toBe(6);
    expect((await holder.listTokens()).find((token) => token.slotId === slotId)?.loggedIn).toBe(true);
    await holder.logout(slotId);
  });

  it('refuses a PIN that is not printable ASCII before it reaches the key: no try is spent', async () => {
    const slotId = await slotOf('ascii');
    // "ä23456": six characters, seven bytes, which the key would count as one wrong try.
    await expect(holder.login(slotId, 'ä23456')).rejects.toMatchObject({ code: 'pin-invalid' });
    // Full-width digits from a Chinese input method: six characters, eighteen bytes.
    await expect(holder.login(slotId, '４８２９１６')).rejects.toMatchObject({ code: 'pin-invalid' });
    await expect(holder.changePin(slotId, 'ä23456', '739184')).rejects.toMatchObject({ code: 'pin-invalid' });
    expect(await triesLeft('ascii')).toBe(6);
    await holder.login(slotId, '482916');
    await holder.logout(slotId);
  });

  it('a signature asked for after the key was pulled out fails as token-removed, not as not-logged-in', async () => {
    const slotId = await slotOf('removed');
    await holder.login(slotId, '482916');
    const { privateKeys } = await host.call('listObjects', { slotId });
    const keyId = privateKeys[0]!.id;
    const digest = { slotId, keyId, mechanism: 'rsa-pkcs' as const, data: new Uint8Array(32).fill(7) };
    await host.call('signDigest', digest);
    const removed = nextTokenEvent('token-removed');
    await keys.unplug('removed');
    await removed;
    await expect(host.call('signDigest', digest)).rejects.toMatchObject({ code: 'token-removed' });
    await expect(
      host.call('signDigests', { ...digest, data: [digest.data, digest.data] }),
    ).rejects.toMatchObject({
      code: 'token-removed',
    });
    const inserted = nextTokenEvent('token-inserted');
    await keys.plug('removed');
    await inserted;
    // Back in: now it is simply not logged in, and a login makes it sign again.
    await expect(host.call('signDigest', digest)).rejects.toMatchObject({ code: 'not-logged-in' });
    await holder.login(slotId, '482916');
    await expect(host.call('signDigest', digest)).resolves.toMatchObject({
      signature: expect.any(Uint8Array),
    });
    await holder.logout(slotId);
  });
});
