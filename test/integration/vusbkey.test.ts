// The virtual USBKEY module against real SoftHSM tokens: what a removable key does that
// SoftHSM alone does not (unplug, PIN lock-out, activation, latency, faults), checked through
// pkcs11js in this process and through OpenSC's pkcs11-tool as an independent client.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createVerify, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const run = promisify(execFile);
const rwSession = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
const data = Buffer.from('门诊病历 2026-11-22 张三');
// Slot flags from PKCS#11 2.40 that pkcs11js does not declare in its typings.
const slotFlags = { tokenPresent: 0x1, removableDevice: 0x2, hardwareSlot: 0x4 };
const rwPublicSession = 2; // CKS_RW_PUBLIC_SESSION: open but not logged in (no pkcs11js constant)

describe('virtual USBKEY module', () => {
  let keys: VirtualKeyHome;
  let lib: pkcs11js.PKCS11;

  const slotOf = (label: string): pkcs11js.Handle => {
    const slot = lib
      .C_GetSlotList(false)
      .find((handle) => lib.C_GetSlotInfo(handle).slotDescription.trim().endsWith(label));
    if (!slot) throw new Error(`no slot for ${label}`);
    return slot;
  };
  const presentLabels = () => lib.C_GetSlotList(true).map((slot) => lib.C_GetTokenInfo(slot).label.trim());
  const tokenFlags = (label: string) => lib.C_GetTokenInfo(slotOf(label)).flags;
  const userSession = (label: string, pin = '123456') => {
    const session = lib.C_OpenSession(slotOf(label), rwSession);
    lib.C_Login(session, pkcs11js.CKU_USER, pin);
    return session;
  };
  const privateKeyOf = (session: pkcs11js.Handle) => {
    lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    const [key] = lib.C_FindObjects(session, 1);
    lib.C_FindObjectsFinal(session);
    if (!key) throw new Error('no private key');
    return key;
  };
  const verifiesWithCertificate = (label: string, signature: Buffer) => {
    const certificate = new X509Certificate(readFileSync(path.join(keys.home, 'keys', label, 'cert.pem')));
    return createVerify('sha256').update(data).verify(certificate.publicKey, signature);
  };

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'alpha', maxTries: 3 });
    await keys.initKey({ label: 'beta' });
    await keys.initKey({ label: 'fresh', pinToBeChanged: true, commonName: '李四', unit: '心内科' });
    await keys.initKey({ label: 'padded', pinPad: true, pin: '24681357' });
    process.env.VUSBKEY_HOME = keys.home; // the module reads it in C_Initialize
    lib = new pkcs11js.PKCS11();
    lib.load(keys.modulePath);
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  });

  afterAll(async () => {
    lib?.C_Finalize();
    lib?.close();
    await keys?.cleanup();
  });

  it('lists one removable slot per key and drops an unplugged key from the present list', async () => {
    // Other tests add keys of their own; the home's key folders (read by the control library,
    // not the module) say which slots must exist, so this holds in any order.
    const slotLabels = lib.C_GetSlotList(false).map((slot) =>
      lib
        .C_GetSlotInfo(slot)
        .slotDescription.trim()
        .replace(/^YiKey Virtual USBKEY /, ''),
    );
    const keyFolders = (await keys.status()).map((key) => key.label);
    expect(slotLabels.sort()).toEqual(keyFolders.sort());
    expect(keyFolders).toEqual(expect.arrayContaining(['alpha', 'beta', 'fresh', 'padded']));
    const info = lib.C_GetSlotInfo(slotOf('alpha'));
    expect(info.slotDescription.trim()).toBe('YiKey Virtual USBKEY alpha');
    expect(info.flags).toBe(slotFlags.tokenPresent | slotFlags.removableDevice | slotFlags.hardwareSlot);
    const token = lib.C_GetTokenInfo(slotOf('alpha'));
    expect([token.manufacturerID.trim(), token.model.trim(), token.minPinLen, token.maxPinLen]).toEqual([
      'YiKey vUSBKEY',
      'vusbkey',
      6,
      16,
    ]);

    const present = presentLabels().sort();
    expect(present).toEqual(expect.arrayContaining(['alpha', 'beta', 'fresh', 'padded']));
    await keys.unplug('beta');
    expect(presentLabels().sort()).toEqual(present.filter((label) => label !== 'beta'));
    expect(lib.C_GetSlotInfo(slotOf('beta')).flags & slotFlags.tokenPresent).toBe(0);
    expect(() => lib.C_GetTokenInfo(slotOf('beta'))).toThrow(/^CKR_TOKEN_NOT_PRESENT/);
    expect(() => lib.C_OpenSession(slotOf('beta'), rwSession)).toThrow(/^CKR_TOKEN_NOT_PRESENT/);
    await keys.plug('beta');
    expect(presentLabels().sort()).toEqual(present);
  });

  it('counts wrong PINs, locks at max tries, and is unlocked by the SO with a temporary PIN', async () => {
    const session = lib.C_OpenSession(slotOf('alpha'), rwSession);
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '12345')).toThrow(/^CKR_PIN_LEN_RANGE/);
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '000000')).toThrow(/^CKR_PIN_INCORRECT/);
    expect(tokenFlags('alpha') & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBeTruthy();
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '000000')).toThrow(/^CKR_PIN_INCORRECT/);
    expect(tokenFlags('alpha') & pkcs11js.CKF_USER_PIN_FINAL_TRY).toBeTruthy();
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '000000')).toThrow(/^CKR_PIN_INCORRECT/);
    expect(tokenFlags('alpha') & pkcs11js.CKF_USER_PIN_LOCKED).toBeTruthy();
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '123456')).toThrow(/^CKR_PIN_LOCKED/);
    expect((await keys.status()).find((key) => key.label === 'alpha')).toMatchObject({
      pinLocked: true,
      pinTriesLeft: 0,
    });

    lib.C_Login(session, pkcs11js.CKU_SO, '12345678');
    lib.C_InitPIN(session, '654321');
    lib.C_Logout(session);
    const flags = tokenFlags('alpha');
    expect(flags & pkcs11js.CKF_USER_PIN_LOCKED).toBe(0);
    expect(flags & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBe(0);
    expect(flags & pkcs11js.CKF_USER_PIN_TO_BE_CHANGED).toBeTruthy();

    lib.C_Login(session, pkcs11js.CKU_USER, '654321');
    const mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };
    expect(() => lib.C_SignInit(session, mechanism, privateKeyOf(session))).toThrow(/^CKR_PIN_EXPIRED/);
    lib.C_SetPIN(session, '654321', '123456');
    expect(tokenFlags('alpha') & pkcs11js.CKF_USER_PIN_TO_BE_CHANGED).toBe(0);
    lib.C_SignInit(session, mechanism, privateKeyOf(session));
    expect(verifiesWithCertificate('alpha', lib.C_Sign(session, data, Buffer.alloc(256)))).toBe(true);
    lib.C_CloseSession(session);
  });

  it('refuses to sign with a new key until its initial PIN is changed', () => {
    expect(tokenFlags('fresh') & pkcs11js.CKF_USER_PIN_TO_BE_CHANGED).toBeTruthy();
    const session = userSession('fresh');
    const mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };
    expect(() => lib.C_SignInit(session, mechanism, privateKeyOf(session))).toThrow(/^CKR_PIN_EXPIRED/);
    lib.C_SetPIN(session, '123456', '112233');
    lib.C_SignInit(session, mechanism, privateKeyOf(session));
    expect(verifiesWithCertificate('fresh', lib.C_Sign(session, data, Buffer.alloc(256)))).toBe(true);
    lib.C_CloseSession(session);
  });

  it('a PIN-pad key reports the protected authentication path and logs in with a NULL PIN', async () => {
    const protectedAuthenticationPath = 0x100; // CKF_PROTECTED_AUTHENTICATION_PATH
    expect(tokenFlags('padded') & protectedAuthenticationPath).toBe(protectedAuthenticationPath);
    expect(tokenFlags('alpha') & protectedAuthenticationPath).toBe(0);
    const session = lib.C_OpenSession(slotOf('padded'), rwSession);
    lib.C_Login(session, pkcs11js.CKU_USER, ''); // pkcs11js cannot pass NULL: empty = "typed on the reader"
    const mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };
    lib.C_SignInit(session, mechanism, privateKeyOf(session));
    expect(verifiesWithCertificate('padded', lib.C_Sign(session, data, Buffer.alloc(512)))).toBe(true);
    lib.C_Logout(session);
    lib.C_CloseSession(session);

    // A key without a pad cannot take an empty PIN (pkcs11-tool below sends a real NULL).
    const plain = lib.C_OpenSession(slotOf('beta'), rwSession);
    expect(() => lib.C_Login(plain, pkcs11js.CKU_USER, '')).toThrow(/^CKR_PIN_LEN_RANGE/);
    lib.C_CloseSession(plain);

    // OpenSC's pkcs11-tool sees the flag and logs in without asking for a PIN.
    const { stdout } = await run(
      'pkcs11-tool',
      [
        '--module',
        keys.modulePath,
        '--token-label',
        'padded',
        '--login',
        '--list-objects',
        '--type',
        'privkey',
      ],
      { env: keys.env },
    );
    expect(stdout).toMatch(/Private Key Object/);
    expect((await keys.status()).find((key) => key.label === 'padded')).toMatchObject({ pinPad: true });
  });

  it('invalidates sessions and login on unplug, also after the key is plugged back', async () => {
    const session = userSession('beta');
    await keys.unplug('beta');
    await keys.plug('beta');
    expect(() => lib.C_GetSessionInfo(session)).toThrow(/^CKR_SESSION_HANDLE_INVALID/);
    const fresh = lib.C_OpenSession(slotOf('beta'), rwSession);
    expect(lib.C_GetSessionInfo(fresh).state).toBe(rwPublicSession);
    lib.C_CloseSession(fresh);
  });

  it('fails a slow signature in flight with CKR_DEVICE_REMOVED when the key is pulled', async () => {
    const session = userSession('beta');
    lib.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, privateKeyOf(session));
    await keys.setLatency('beta', { op: 'C_Sign', ms: 300 });
    const started = Date.now();
    const signing = lib.C_SignAsync(session, data, Buffer.alloc(256));
    setTimeout(() => void keys.unplug('beta'), 100);
    await expect(signing).rejects.toThrow(/^CKR_DEVICE_REMOVED/);
    expect(Date.now() - started).toBeLessThan(290);
    await keys.setLatency('beta', { op: 'C_Sign', ms: 0 });
    await keys.plug('beta');
    expect(() => lib.C_GetSessionInfo(session)).toThrow(/^CKR_SESSION_HANDLE_INVALID/);
  });

  it('fires a one-shot fault exactly once', async () => {
    const session = lib.C_OpenSession(slotOf('beta'), rwSession);
    await keys.injectFault('beta', { op: 'C_GenerateRandom', rv: 'CKR_DEVICE_ERROR' });
    expect((await keys.status()).find((key) => key.label === 'beta')?.pendingFaults).toEqual({
      C_GenerateRandom: 'CKR_DEVICE_ERROR',
    });
    expect(() => lib.C_GenerateRandom(session, Buffer.alloc(16))).toThrow(/^CKR_DEVICE_ERROR/);
    expect(lib.C_GenerateRandom(session, Buffer.alloc(16))).toHaveLength(16);
    expect((await keys.status()).find((key) => key.label === 'beta')?.pendingFaults).toEqual({});
    lib.C_CloseSession(session);
  });

  it('reports slot events without blocking', async () => {
    while (lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK) !== null); // drain earlier plugs
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toBeNull();
    await keys.unplug('beta');
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toEqual(slotOf('beta'));
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toBeNull();
    await keys.plug('beta');
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toEqual(slotOf('beta'));
  });

  it('blocks in C_WaitForSlotEvent until another process pulls a key', async () => {
    while (lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK) !== null); // drain
    const present = path.join(keys.home, 'keys', 'beta', 'present');
    const remover = spawn('sh', ['-c', 'sleep 0.2; rm -f "$0"', present], { stdio: 'ignore' });
    const started = Date.now();
    expect(lib.C_WaitForSlotEvent(0)).toEqual(slotOf('beta'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await new Promise((resolve) => remover.on('exit', resolve));
    await keys.plug('beta');
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toEqual(slotOf('beta'));
  });

  it('shows a key created while the client runs at the next slot list', async () => {
    while (lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK) !== null); // drain plugs of earlier tests
    await keys.initKey({ label: 'late', certificate: false });
    expect(presentLabels()).toContain('late');
    expect(lib.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK)).toEqual(slotOf('late'));
  });

  it('is seen the same way by pkcs11-tool, and SoftHSM itself holds the key and certificate', async () => {
    const viaModule = await run('pkcs11-tool', ['--module', keys.modulePath, '--list-slots'], {
      env: keys.env,
    });
    expect(viaModule.stdout).toContain('YiKey Virtual USBKEY beta');
    expect(viaModule.stdout).toMatch(/token label\s*: beta/);

    const softhsmEnv = { ...process.env, SOFTHSM2_CONF: path.join(keys.home, 'softhsm2.conf') };
    const serial = (await keys.status()).find((key) => key.label === 'beta')!.serial;
    const direct = await run(
      'pkcs11-tool',
      [
        '--module',
        '/usr/lib/softhsm/libsofthsm2.so',
        '--token-label',
        'beta',
        '--login',
        '--pin',
        '123456',
        '-O',
      ],
      { env: softhsmEnv },
    );
    expect(direct.stdout).toContain('Certificate Object; type = X.509 cert');
    expect(direct.stdout).toMatch(/Private Key Object; RSA[\s\S]*never extractable/);
    expect(serial).toMatch(/^[0-9a-f]{16}$/);
  });

  it('crashes the calling process on a crash fault', async () => {
    await keys.injectFault('beta', { op: 'C_GetTokenInfo', crash: true });
    const crashed = spawnSync('pkcs11-tool', ['--module', keys.modulePath, '--list-slots'], {
      env: keys.env,
    });
    expect(crashed.signal).toBe('SIGABRT');
  });

  it('rejects bad input on the command line with a message and a non-zero exit', () => {
    const cli = path.resolve('native/vusbkey/control/main.ts');
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, 'init', '--label', 'no spaces'], {
      env: keys.env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid label');
  });

  it('reuses the slot of a deleted key for the next key instead of listing duplicates', async () => {
    const slotIdOf = (slot: pkcs11js.Handle) => slot.toString('hex');
    const descriptions = () =>
      lib.C_GetSlotList(false).map((slot) => lib.C_GetSlotInfo(slot).slotDescription.trim());
    const slotCount = lib.C_GetSlotList(false).length; // other tests may have added keys
    const doomed = await keys.initKey({ label: 'doomed', certificate: false });
    const orphan = lib.C_OpenSession(slotOf('doomed'), rwSession);
    rmSync(path.join(keys.home, 'keys', 'doomed'), { recursive: true, force: true });
    const reborn = await keys.initKey({ label: 'reborn', certificate: false });
    expect(reborn.slot).toBe(doomed.slot);
    for (let poll = 0; poll < 100; poll++) {
      const slots = lib.C_GetSlotList(false).map(slotIdOf);
      expect(new Set(slots).size).toBe(slots.length);
    }
    expect(descriptions().filter((d) => d.endsWith(' reborn'))).toHaveLength(1);
    expect(descriptions().filter((d) => d.endsWith(' doomed'))).toHaveLength(0);
    expect(lib.C_GetSlotList(false)).toHaveLength(slotCount + 1); // reborn in doomed's place
    expect(presentLabels()).toContain('reborn'); // the old session does not block SoftHSM re-init
    expect(lib.C_GetTokenInfo(slotOf('reborn')).label.trim()).toBe('reborn');
    expect(() => lib.C_GetSessionInfo(orphan)).toThrow(/^CKR_SESSION_HANDLE_INVALID/);

    rmSync(path.join(keys.home, 'keys', 'reborn'), { recursive: true, force: true });
    expect(descriptions().filter((d) => d.endsWith(' reborn'))).toHaveLength(0);
    expect(lib.C_GetSlotList(false)).toHaveLength(slotCount);
  });

  it('refuses C_Login and C_SetPIN when the PIN counter cannot be kept', async () => {
    await keys.initKey({ label: 'counted', certificate: false });
    const pinState = path.join(keys.home, 'keys', 'counted', 'pin-state');
    expect(statSync(pinState).mode & 0o777).toBe(0o600);
    const session = lib.C_OpenSession(slotOf('counted'), rwSession);
    rmSync(pinState);
    mkdirSync(pinState); // cannot be opened for writing, not even by root
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '123456')).toThrow(/^CKR_DEVICE_ERROR/);
    expect(lib.C_GetSessionInfo(session).state).toBe(rwPublicSession);
    expect(() => lib.C_SetPIN(session, '123456', '654321')).toThrow(/^CKR_DEVICE_ERROR/);

    rmSync(pinState, { recursive: true });
    expect(() => lib.C_Login(session, pkcs11js.CKU_USER, '000000')).toThrow(/^CKR_PIN_INCORRECT/);
    expect(statSync(pinState).mode & 0o777).toBe(0o600); // created by the module
    expect(readFileSync(pinState, 'utf8')).toContain('tries-left 5');
    lib.C_Login(session, pkcs11js.CKU_USER, '123456');
    lib.C_CloseSession(session);
  });

  it('keeps the PIN-pad file private when C_SetPIN rewrites it', () => {
    const pinPad = path.join(keys.home, 'keys', 'padded', 'pin-pad');
    expect(statSync(pinPad).mode & 0o777).toBe(0o600);
    const session = lib.C_OpenSession(slotOf('padded'), rwSession);
    lib.C_Login(session, pkcs11js.CKU_USER, '');
    lib.C_SetPIN(session, '24681357', '97531864');
    expect(readFileSync(pinPad, 'utf8')).toBe('97531864\n');
    expect(statSync(pinPad).mode & 0o777).toBe(0o600);
    lib.C_Logout(session);
    lib.C_Login(session, pkcs11js.CKU_USER, ''); // the pad now types the new PIN
    lib.C_CloseSession(session);
  });
});
