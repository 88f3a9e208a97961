// The holder façade and token host against real SoftHSM tokens through the virtual USBKEY:
// listings, PIN flags and lock-out, removal, re-insertion, and a crashed token host.
// Every test can run alone (`-t`) and in any order: the shared keys alpha and beta are put back
// in their first state before each test (plugged, no latency, logged out, PINs as initialised),
// and a test that changes a key for good (its PIN, its objects) makes a key of its own.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient, type HostLifecycleEvent } from '../../src-main/token/token-host-client';
import type { TokenEvent } from '../../src-main/contract/token-types';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { opensslCmsVerify } from '../helpers/openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

/** What the CA's unlock service does: SO login, then C_InitPIN with a temporary user PIN. */
function soUnlock(keys: VirtualKeyHome, label: string, pins: { soPin: string; newPin: string }): void {
  const library = new pkcs11js.PKCS11();
  library.load(keys.modulePath);
  library.C_Initialize();
  try {
    const slot = library
      .C_GetSlotList(true)
      .find((handle) => library.C_GetTokenInfo(handle).label.trim() === label);
    if (!slot) throw new Error(`no slot for ${label}`);
    const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    library.C_Login(session, pkcs11js.CKU_SO, pins.soPin);
    library.C_InitPIN(session, pins.newPin);
    library.C_Logout(session);
    library.C_CloseSession(session);
  } finally {
    library.C_Finalize();
  }
}

const content = new TextEncoder().encode('门诊病历 2026-11-22 张三');

function nextEvent<T>(
  subscribe: (listener: (event: T) => void) => () => void,
  match: (event: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const unsubscribe = subscribe((event) => {
      if (match(event)) {
        unsubscribe();
        resolve(event);
      }
    });
  });
}

describe('holder service on a virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let host: TokenHostClient;
  let holder: HolderService;

  const sharedKeys = ['alpha', 'beta'];

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'alpha', pin: '123456' });
    await keys.initKey({ label: 'beta', pin: '246810', algorithm: 'p-256' });
    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' }, pollIntervalMs: 50 });
    holder = new HolderService({ host });
    await holder.start();
  });

  afterAll(async () => {
    await holder?.stop();
    await keys?.cleanup();
  });

  beforeEach(async () => {
    for (const key of await keys.status()) {
      if (!sharedKeys.includes(key.label)) continue;
      // Plugging writes a new generation, which reads as a re-plug: only where it was pulled out.
      if (!key.present) await keys.plug(key.label);
      for (const op of Object.keys(key.latency)) await keys.setLatency(key.label, { op, ms: 0 });
    }
    for (let waited = 0; waited < 5000; waited += 50) {
      const listed = (await holder.listTokens()).map((token) => token.label);
      if (sharedKeys.every((label) => listed.includes(label))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await holder.logoutAll();
  });

  /** Holders a test started for itself; stopped after it, whatever happened. */
  const ownHolders: HolderService[] = [];
  afterEach(async () => {
    await Promise.all(ownHolders.splice(0).map((own) => own.stop()));
  });

  /** A token host and façade of the test's own, e.g. to see a key made after the shared host started. */
  async function startOwnHolder(
    options: Partial<ConstructorParameters<typeof TokenHostClient>[0]> = {},
  ): Promise<{ host: TokenHostClient; holder: HolderService }> {
    const ownHost = new TokenHostClient({
      module: { path: keys.modulePath, source: 'setting' },
      pollIntervalMs: 50,
      ...options,
    });
    const own = new HolderService({ host: ownHost });
    ownHolders.push(own);
    await own.start();
    return { host: ownHost, holder: own };
  }

  /** A new key for one test, with a label no other test (or a repeat of this one) uses. */
  async function ownKey(
    prefix: string,
    options: Parameters<VirtualKeyHome['initKey']>[0] = {},
  ): Promise<string> {
    const label = `${prefix}-${randomBytes(4).toString('hex')}`;
    await keys.initKey({ ...options, label });
    return label;
  }

  const slotIn = async (of: HolderService, label: string): Promise<string> => {
    const token = (await of.listTokens()).find((candidate) => candidate.label === label);
    if (!token) throw new Error(`key ${label} not listed`);
    return token.slotId;
  };

  const loginCalls = (): number => readCallLog(keys.home).filter((call) => call.fn === 'C_Login').length;

  const slotOf = async (label: string): Promise<string> => {
    const token = (await holder.listTokens()).find((candidate) => candidate.label === label);
    if (!token) throw new Error(`key ${label} not listed`);
    return token.slotId;
  };

  const fingerprintOf = async (label: string): Promise<string> => {
    const entry = (await holder.listAll()).certificates.find(
      (candidate) => candidate.readable && candidate.tokenLabel === label,
    );
    if (!entry?.readable) throw new Error(`no certificate on ${label}`);
    return entry.certificate.sha256Fingerprint;
  };

  it('lists both keys with their certificates and Chinese holder names', async () => {
    const listing = await holder.listAll();
    expect(listing.tokens.map((token) => token.label)).toEqual(expect.arrayContaining(sharedKeys));
    const readable = listing.certificates.filter(
      (entry) => entry.readable && sharedKeys.includes(entry.tokenLabel),
    );
    expect(readable).toHaveLength(2);
    for (const entry of readable) {
      if (!entry.readable) continue;
      expect(entry.certificate.subject.commonName).toBe('张三');
      expect(entry.certificate.subject.organization).toBe('某某市第一人民医院');
    }
    const beta = readable.find((entry) => entry.tokenLabel === 'beta');
    expect(beta?.readable && beta.certificate.keyAlgorithm).toBe('EC');
  });

  it('lists an unreadable certificate object as unreadable and the rest as usual', async () => {
    const label = await ownKey('objects', { pin: '246810', algorithm: 'p-256' });
    await keys.writeRawCertificateObject(label, {
      id: 'ee01',
      label: 'broken',
      value: Buffer.from('not a certificate'),
      pin: '246810',
    });
    await keys.generateKeyPairOnly(label, { id: 'ee02', label: 'orphan key', pin: '246810' });
    const { holder: own } = await startOwnHolder();
    await own.login(await slotIn(own, label), '246810');
    const listing = await own.listAll();
    const onKey = listing.certificates.filter((entry) => entry.tokenLabel === label);
    expect(onKey.find((entry) => entry.objectId === 'ee01')).toMatchObject({
      readable: false,
      keyPairing: 'missing',
    });
    expect(onKey.filter((entry) => entry.readable)).toHaveLength(1);
    expect(onKey.find((entry) => entry.readable)?.keyPairing).toBe('paired');
    expect(listing.keysWithoutCertificate.map((key) => key.objectId)).toContain('ee02');
  });

  it('says how many tries remain, then locks after the configured number of wrong PINs', async () => {
    const label = await ownKey('lockout', { pin: '123456', soPin: '12345678', maxTries: 3 });
    const { holder: own } = await startOwnHolder();
    const slotId = await slotIn(own, label);
    await expect(own.login(slotId, '000000')).rejects.toMatchObject({
      code: 'pin-incorrect',
      details: expect.objectContaining({ countLow: true, triesLeft: null }),
    });
    await expect(own.login(slotId, '000000')).rejects.toMatchObject({
      code: 'pin-incorrect',
      details: expect.objectContaining({ triesLeft: 1 }),
    });
    const beforeFinal = (await own.listTokens()).find((token) => token.slotId === slotId);
    expect(beforeFinal?.pin.finalTry).toBe(true);
    await own.login(slotId, '123456');
    const reset = (await own.listTokens()).find((token) => token.slotId === slotId);
    expect(reset?.pin).toMatchObject({ countLow: false, finalTry: false, locked: false });
    expect(reset?.loggedIn).toBe(true);
    await own.logout(slotId);
    for (let attempt = 0; attempt < 2; attempt++) await own.login(slotId, '000000').catch(() => undefined);
    await expect(own.login(slotId, '000000')).rejects.toMatchObject({ code: 'pin-locked' });
    // Locked means locked: even the right PIN is refused, and YiKey does not send it to the key
    // (the key would refuse it too, so only the key's own call log can tell who refused).
    enableCallLog(keys.home);
    await expect(own.login(slotId, '123456')).rejects.toMatchObject({ code: 'pin-locked' });
    expect(loginCalls()).toBe(0);
    soUnlock(keys, label, { soPin: '12345678', newPin: '135790' });
    // SoftHSM caches PIN data per process, so a PIN set by another process is seen only by a
    // fresh one (a real key has no such cache): start a new token host, as after an app restart.
    const { holder: restarted } = await startOwnHolder();
    const unlocked = (await restarted.listTokens()).find((token) => token.slotId === slotId);
    expect(unlocked?.pin).toMatchObject({ locked: false, toBeChanged: true });
    await restarted.changePin(slotId, '135790', '864213');
    await restarted.login(slotId, '864213');
    expect((await restarted.listTokens()).find((token) => token.slotId === slotId)?.pin.toBeChanged).toBe(
      false,
    );
  });

  it('refuses PINs outside the length limits without sending them to the key, so no try is spent', async () => {
    const slotId = await slotOf('beta');
    enableCallLog(keys.home);
    await expect(holder.login(slotId, '12')).rejects.toMatchObject({ code: 'pin-len-range' });
    await expect(holder.login(slotId, 'x'.repeat(40))).rejects.toMatchObject({ code: 'pin-len-range' });
    // The virtual key would refuse these lengths on its own without counting a try, so the
    // outcome alone cannot tell YiKey's check from the key's: the key's call log can.
    expect(loginCalls()).toBe(0);
    const beta = (await keys.status()).find((key) => key.label === 'beta');
    expect(beta?.pinTriesLeft).toBe(beta?.pinMaxTries);
    // The log does record a login that is sent, so the zero above means something.
    await holder.login(slotId, '246810');
    expect(loginCalls()).toBe(1);
  });

  it('reports removal as an event, fails a signature with token-removed, and works again after re-plug', async () => {
    const slotId = await slotOf('beta');
    await holder.login(slotId, '246810');
    const fingerprint = await fingerprintOf('beta');
    const removed = nextEvent<TokenEvent>(
      (listener) => host.onTokenEvent(listener),
      (event) => event.type === 'token-removed',
    );
    await keys.injectFault('beta', { op: 'C_Sign', unplug: true });
    await expect(holder.sign({ content, certificateFingerprint: fingerprint })).rejects.toMatchObject({
      code: 'token-removed',
    });
    expect((await removed).slotId).toBe(slotId);
    expect((await holder.listTokens()).map((token) => token.label)).not.toContain('beta');

    const inserted = nextEvent<TokenEvent>(
      (listener) => host.onTokenEvent(listener),
      (event) => event.type === 'token-inserted',
    );
    await keys.plug('beta');
    await inserted;
    const token = (await holder.listTokens()).find((candidate) => candidate.label === 'beta');
    expect(token?.loggedIn).toBe(false);
    await holder.login(token!.slotId, '246810');
    const { signature } = await holder.sign({ content, certificateFingerprint: fingerprint });
    const verification = await holder.verify({ content, signature });
    // No trusted CA is configured here: intact and correctly made, but nobody vouches for the signer.
    expect(verification.outcome).toBe('not-verified');
    expect(verification.problems).toEqual(['trust-not-configured']);
  });

  it('survives the token host being killed mid-operation', async () => {
    const slotId = await slotOf('beta');
    await holder.login(slotId, '246810');
    await keys.setLatency('beta', { op: 'C_Sign', ms: 3000 });
    const crashed = nextEvent<HostLifecycleEvent>(
      (listener) => host.onLifecycle(listener),
      (event) => event.type === 'host-crashed',
    );
    const restarted = nextEvent<HostLifecycleEvent>(
      (listener) => host.onLifecycle(listener),
      (event) => event.type === 'host-restarted',
    );
    const signing = holder.sign({ content, certificateFingerprint: await fingerprintOf('beta') });
    const pendingSign = expect(signing).rejects.toMatchObject({ code: 'module-crashed' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(host.pid!, 'SIGKILL');
    await pendingSign;
    await crashed;
    await restarted;
    await keys.setLatency('beta', { op: 'C_Sign', ms: 0 });
    const tokens = (await holder.listTokens()).filter((token) => sharedKeys.includes(token.label));
    expect(tokens.map((token) => token.label).sort()).toEqual(sharedKeys);
    // Login state died with the old host: the holder must log in again.
    expect(tokens.every((token) => !token.loggedIn)).toBe(true);
  });

  it('re-initialises modules that need it after a removal, and the key works again', async () => {
    const reinitializing = new TokenHostClient({
      module: {
        path: keys.modulePath,
        source: 'setting',
        vendor: {
          id: 'test',
          vendor: 'test',
          name: 'test',
          reinitializeAfterRemoval: true,
          paths: { linux: [], win32: [], darwin: [] },
        },
      },
    });
    const other = new HolderService({ host: reinitializing });
    try {
      await other.start();
      const removed = nextEvent<TokenEvent>(
        (listener) => reinitializing.onTokenEvent(listener),
        (event) => event.type === 'token-removed',
      );
      await keys.unplug('beta');
      await removed;
      const inserted = nextEvent<TokenEvent>(
        (listener) => reinitializing.onTokenEvent(listener),
        (event) => event.type === 'token-inserted',
      );
      await keys.plug('beta');
      await inserted;
      const beta = (await other.listTokens()).find((token) => token.label === 'beta');
      await other.login(beta!.slotId, '246810');
      const { signature } = await other.sign({
        content,
        certificateFingerprint: await fingerprintOf('beta'),
      });
      expect((await other.verify({ content, signature })).outcome).toBe('not-verified');
    } finally {
      await other.stop();
    }
  });

  it('treats a hung module as a timeout, restarts the token host, and carries on', async () => {
    const impatient = new TokenHostClient({
      module: { path: keys.modulePath, source: 'setting' },
      timeoutsMs: { signDigest: 800 },
    });
    const other = new HolderService({ host: impatient });
    try {
      await other.start();
      const beta = (await other.listTokens()).find((token) => token.label === 'beta');
      await other.login(beta!.slotId, '246810');
      await keys.setLatency('beta', { op: 'C_Sign', ms: 60_000 });
      const restarted = nextEvent<HostLifecycleEvent>(
        (listener) => impatient.onLifecycle(listener),
        (event) => event.type === 'host-restarted',
      );
      await expect(
        other.sign({ content, certificateFingerprint: await fingerprintOf('beta') }),
      ).rejects.toMatchObject({
        code: 'module-timeout',
      });
      await restarted;
      await keys.setLatency('beta', { op: 'C_Sign', ms: 0 });
      expect((await other.listTokens()).map((token) => token.label)).toContain('beta');
    } finally {
      await other.stop();
    }
  });

  it('checks the PIN again when an already logged-in key is asked to log in', async () => {
    const slotId = await slotOf('beta');
    await holder.login(slotId, '246810');
    await expect(holder.login(slotId, '999999')).rejects.toMatchObject({ code: 'pin-incorrect' });
    expect((await holder.listTokens()).find((token) => token.slotId === slotId)?.loggedIn).toBe(false);
    await holder.login(slotId, '246810');
  });

  it('gives a slow login its own time: calls queued behind it do not time out', async () => {
    const patient = new TokenHostClient({
      module: { path: keys.modulePath, source: 'setting' },
      timeoutsMs: { listTokens: 1000, login: 10_000 },
    });
    const other = new HolderService({ host: patient });
    try {
      await other.start();
      const beta = (await other.listTokens()).find((token) => token.label === 'beta');
      // Like a holder typing on a PIN pad: the token takes 2.5 s to answer C_Login.
      await keys.setLatency('beta', { op: 'C_Login', ms: 2500 });
      const login = other.login(beta!.slotId, '246810');
      const listings = Array.from({ length: 3 }, () => other.listTokens());
      await login;
      for (const listing of await Promise.all(listings)) {
        expect(listing.find((token) => token.label === 'beta')?.loggedIn).toBe(true);
      }
    } finally {
      await keys.setLatency('beta', { op: 'C_Login', ms: 0 });
      await other.stop();
    }
  });

  it('pulling one key out logs the holder out of every key', async () => {
    const alpha = await slotOf('alpha');
    const beta = await slotOf('beta');
    await holder.login(alpha, '123456');
    await holder.login(beta, '246810');
    const removed = nextEvent<TokenEvent>(
      (listener) => host.onTokenEvent(listener),
      (event) => event.type === 'token-removed',
    );
    await keys.unplug('beta');
    await removed;
    for (let waited = 0; waited < 2000; waited += 50) {
      const stillLoggedIn = (await holder.listTokens()).find((token) => token.slotId === alpha)?.loggedIn;
      if (!stillLoggedIn) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await holder.listTokens()).find((token) => token.slotId === alpha)?.loggedIn).toBe(false);
    await keys.plug('beta');
  });

  it('signs a batch in few token round trips; each signature verifies with OpenSSL; removal midway returns none', async () => {
    const slotId = await slotOf('beta');
    await holder.login(slotId, '246810');
    const fingerprint = await fingerprintOf('beta');
    const contents = Array.from({ length: 70 }, (_, index) => new TextEncoder().encode(`病历 ${index}`));
    const { signatures } = await holder.signMany({ contents, certificateFingerprint: fingerprint });
    expect(signatures).toHaveLength(70);
    const directory = await mkdtemp(join(tmpdir(), 'yikey-batch-'));
    try {
      for (const index of [0, 33, 69]) {
        const content = join(directory, `record-${index}.txt`);
        const signature = `${content}.p7s`;
        await writeFile(content, contents[index]!);
        await writeFile(signature, signatures[index]!);
        expect(opensslCmsVerify({ content, signature, caFile: keys.caPath }).ok).toBe(true);
      }
      // Signature 33 belongs to record 33 only.
      expect((await holder.verify({ content: contents[34]!, signature: signatures[33]! })).outcome).toBe(
        'invalid',
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    await keys.setLatency('beta', { op: 'C_Sign', ms: 100 });
    setTimeout(() => void keys.unplug('beta'), 400);
    await expect(holder.signMany({ contents, certificateFingerprint: fingerprint })).rejects.toMatchObject({
      code: 'token-removed',
    });
    await keys.setLatency('beta', { op: 'C_Sign', ms: 0 });
    await keys.plug('beta');
  });
});
