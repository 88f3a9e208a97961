// SM2 in the virtual USBKEY, driven through pkcs11js against real SoftHSM tokens and checked by
// independent tools: every signature is verified with `openssl pkeyutl -verify` on e = SM3(Z ‖ M)
// computed by OpenSSL (test/helpers/openssl-sm2.ts via vusbkey-sm2-openssl.ts), pkcs11-tool lists what the key
// holds, and SoftHSM read directly shows the backing object the module hides.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  opensslVerifySm2E,
  pointOfEcPoint,
  publicPointOf,
  rsToDer,
  sm2E,
  sm2SpkiDer,
  sm3,
} from '../helpers/vusbkey-sm2-openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const run = promisify(execFile);
const rwSession = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
const message = Buffer.from('门诊病历 2026-11-30 张三 SM2');
const sm2CurveOid = Buffer.from('06082a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301
const emptyId = Buffer.alloc(0);

type Format = 'rs' | 'der';
type Input = 'e' | 'sm3' | 'sm3-z';
type SignMechanism = { mechanism: number; input: Input; format: Format };
const numberings = {
  longmai: {
    keyType: 0x84000020,
    keyPairGen: 0x83000010, // our choice (unverified)
    digest: 0x83000300,
    sign: [
      { mechanism: 0x83000000, input: 'e', format: 'rs' },
      { mechanism: 0x83000001, input: 'sm3-z', format: 'rs' },
    ] as SignMechanism[],
  },
  sansec: {
    keyType: 0x80000004,
    keyPairGen: 0x80008001,
    digest: 0x80009001,
    sign: [
      { mechanism: 0x80008100, input: 'sm3', format: 'rs' },
      { mechanism: 0x80008101, input: 'sm3', format: 'der' },
      { mechanism: 0x80008102, input: 'sm3-z', format: 'rs' },
      { mechanism: 0x80008103, input: 'sm3-z', format: 'der' },
      { mechanism: 0x80008104, input: 'e', format: 'der' },
      { mechanism: 0x80008105, input: 'e', format: 'rs' },
    ] as SignMechanism[],
  },
} as const;
type Vendor = keyof typeof numberings;
const labelOf: Record<Vendor, string> = { longmai: 'gm-longmai', sansec: 'gm-sansec' };

const ulong = (value: Buffer | undefined): number => Number((value as Buffer).readBigUInt64LE());
const bool = (value: Buffer | undefined): boolean => (value as Buffer)[0] === 1;
const hex = (value: number) => `0x${value.toString(16)}`;

describe('SM2 on the virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let lib: pkcs11js.PKCS11;

  const slotOf = (label: string): pkcs11js.Handle => {
    const slot = lib.C_GetSlotList(true).find((handle) => lib.C_GetTokenInfo(handle).label.trim() === label);
    if (!slot) throw new Error(`no slot for ${label}`);
    return slot;
  };
  const userSession = (label: string) => {
    const session = lib.C_OpenSession(slotOf(label), rwSession);
    try {
      lib.C_Login(session, pkcs11js.CKU_USER, '123456');
    } catch (error) {
      // The login belongs to the token: another session of this process may hold it already.
      if (!String(error).includes('CKR_USER_ALREADY_LOGGED_IN')) throw error;
    }
    return session;
  };
  const find = (session: pkcs11js.Handle, template: pkcs11js.Template = []) => {
    lib.C_FindObjectsInit(session, template);
    const found = lib.C_FindObjects(session, 100);
    lib.C_FindObjectsFinal(session);
    return found;
  };
  /** The signing key pair (the dual key also holds an encryption pair). */
  const signingKeys = (session: pkcs11js.Handle) => {
    const [privateKey] = find(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_SIGN, value: true },
    ]);
    if (!privateKey) throw new Error('no signing key');
    const [id] = lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_ID }]);
    const [publicKey] = find(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_ID, value: id!.value as Buffer },
    ]);
    if (!publicKey) throw new Error('no public key next to the signing key');
    return { privateKey, publicKey };
  };
  const certificateFile = (label: string, file = 'cert.pem') => path.join(keys.home, 'keys', label, file);
  const pointOfCertificate = (label: string, file = 'cert.pem') =>
    publicPointOf(certificateFile(label, file));
  const sign = (session: pkcs11js.Handle, key: pkcs11js.Handle, mechanism: SignMechanism, input: Buffer) => {
    lib.C_SignInit(session, { mechanism: mechanism.mechanism }, key);
    return lib.C_Sign(session, input, Buffer.alloc(80));
  };
  /** What the caller passes for the mechanism: e = SM3(Z ‖ M) for raw ones, M for hashing ones. */
  const inputFor = (mechanism: SignMechanism, point: Buffer, data: Buffer) =>
    mechanism.input === 'e' ? sm2E(point, data) : data;
  /** The e a correct signature of `data` under this mechanism signs. */
  const expectedE = (mechanism: SignMechanism, point: Buffer, data: Buffer, id?: Buffer) =>
    mechanism.input === 'sm3' ? sm3(data) : sm2E(point, data, id);
  const asDer = (mechanism: SignMechanism, signature: Buffer) =>
    mechanism.format === 'rs' ? rsToDer(signature) : signature;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: labelOf.longmai, algorithm: 'sm2', vendor: 'longmai', dual: true });
    await keys.initKey({ label: labelOf.sansec, algorithm: 'sm2', vendor: 'sansec' });
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

  for (const vendor of Object.keys(numberings) as Vendor[]) {
    const numbering = numberings[vendor];

    it(`${vendor}: lists its SM2 mechanisms with their purposes`, () => {
      const slot = slotOf(labelOf[vendor]);
      const listed = lib.C_GetMechanismList(slot);
      for (const mechanism of [
        numbering.keyPairGen,
        numbering.digest,
        ...numbering.sign.map((m) => m.mechanism),
      ])
        expect(listed, hex(mechanism)).toContain(mechanism);
      expect(
        lib.C_GetMechanismInfo(slot, numbering.sign[0]!.mechanism).flags & pkcs11js.CKF_SIGN,
      ).toBeTruthy();
      expect(
        lib.C_GetMechanismInfo(slot, numbering.keyPairGen).flags & pkcs11js.CKF_GENERATE_KEY_PAIR,
      ).toBeTruthy();
    });

    for (const mechanism of numbering.sign) {
      it(`${vendor}: ${hex(mechanism.mechanism)} (${mechanism.input} in, ${mechanism.format} out) verifies with OpenSSL; empty ID and tampered data do not`, async () => {
        const session = userSession(labelOf[vendor]);
        const point = pointOfCertificate(labelOf[vendor]);
        const key = signingKeys(session).privateKey;
        const signature = sign(session, key, mechanism, inputFor(mechanism, point, message));
        if (mechanism.format === 'rs') expect(signature.length).toBe(64);
        else expect(signature[0]).toBe(0x30);
        const der = asDer(mechanism, signature);
        const cert = { certificateFile: certificateFile(labelOf[vendor]) };
        expect(opensslVerifySm2E(cert, expectedE(mechanism, point, message), der).ok).toBe(true);
        const tampered = Buffer.from(message);
        tampered[0]! ^= 1;
        expect(opensslVerifySm2E(cert, expectedE(mechanism, point, tampered), der).ok).toBe(false);
        if (mechanism.input !== 'sm3')
          expect(opensslVerifySm2E(cert, sm2E(point, message, emptyId), der).ok).toBe(false);
        else
          // SM3(M) without Z: a Z-based check must fail
          expect(opensslVerifySm2E(cert, sm2E(point, message), der).ok).toBe(false);
        lib.C_CloseSession(session);
      });
    }

    it(`${vendor}: the private key is the vendor's CKK, sensitive, not extractable, can sign; the public key is on the SM2 curve`, async () => {
      const session = userSession(labelOf[vendor]);
      const { privateKey, publicKey } = signingKeys(session);
      const [keyType, sensitive, extractable, canSign, alwaysSensitive, neverExtractable] =
        lib.C_GetAttributeValue(session, privateKey, [
          { type: pkcs11js.CKA_KEY_TYPE },
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
          { type: pkcs11js.CKA_SIGN },
          { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
          { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        ]);
      expect(hex(ulong(keyType!.value as Buffer))).toBe(hex(numbering.keyType));
      expect(bool(sensitive!.value as Buffer)).toBe(true);
      expect(bool(extractable!.value as Buffer)).toBe(false);
      expect(bool(canSign!.value as Buffer)).toBe(true);
      expect(bool(alwaysSensitive!.value as Buffer)).toBe(true);
      expect(bool(neverExtractable!.value as Buffer)).toBe(true);
      expect(() => lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_VALUE }])).toThrow(
        /CKR_ATTRIBUTE_SENSITIVE/,
      );

      const [pubType, params, ecPoint] = lib.C_GetAttributeValue(session, publicKey, [
        { type: pkcs11js.CKA_KEY_TYPE },
        { type: pkcs11js.CKA_EC_PARAMS },
        { type: pkcs11js.CKA_EC_POINT },
      ]);
      expect(hex(ulong(pubType!.value as Buffer))).toBe(hex(numbering.keyType));
      expect((params!.value as Buffer).toString('hex')).toBe(sm2CurveOid.toString('hex'));
      expect(pointOfEcPoint(ecPoint!.value as Buffer)).toEqual(pointOfCertificate(labelOf[vendor]));

      // A search by the vendor's CKK finds both keys; one by CKK_EC finds none of them.
      expect(
        find(session, [{ type: pkcs11js.CKA_KEY_TYPE, value: numbering.keyType }]).length,
      ).toBeGreaterThanOrEqual(2);
      expect(find(session, [{ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC }])).toEqual([]);
      lib.C_CloseSession(session);
    });

    it(`${vendor}: SM3 digest mechanism answers what OpenSSL's SM3 does`, () => {
      const session = userSession(labelOf[vendor]);
      lib.C_DigestInit(session, { mechanism: numbering.digest });
      expect(lib.C_Digest(session, message, Buffer.alloc(32))).toEqual(sm3(message));
      lib.C_CloseSession(session);
    });
  }

  it('signs multi-part with the hashing mechanisms, answers length queries, and refuses what is not SM2', () => {
    const session = userSession(labelOf.sansec);
    const { privateKey, publicKey } = signingKeys(session);
    const [ecPoint] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const point = pointOfEcPoint(ecPoint!.value as Buffer);
    const zDer = numberings.sansec.sign.find((m) => m.mechanism === 0x80008103)!;
    lib.C_SignInit(session, { mechanism: zDer.mechanism }, privateKey);
    lib.C_SignUpdate(session, message.subarray(0, 7));
    lib.C_SignUpdate(session, message.subarray(7));
    const multipart = lib.C_SignFinal(session, Buffer.alloc(72));
    expect(opensslVerifySm2E({ spki: sm2SpkiDer(point) }, sm2E(point, message), multipart).ok).toBe(true);

    // Too small a buffer keeps the operation; the right size then signs.
    const raw = numberings.sansec.sign.find((m) => m.mechanism === 0x80008105)!;
    lib.C_SignInit(session, { mechanism: raw.mechanism }, privateKey);
    expect(() => lib.C_Sign(session, sm2E(point, message), Buffer.alloc(10))).toThrow(/CKR_BUFFER_TOO_SMALL/);
    const rs = lib.C_Sign(session, sm2E(point, message), Buffer.alloc(64));
    expect(opensslVerifySm2E({ spki: sm2SpkiDer(point) }, sm2E(point, message), rsToDer(rs)).ok).toBe(true);

    // e is exactly 32 bytes; raw mechanisms are single-part only.
    lib.C_SignInit(session, { mechanism: raw.mechanism }, privateKey);
    expect(() => lib.C_Sign(session, Buffer.alloc(31), Buffer.alloc(64))).toThrow(/CKR_DATA_LEN_RANGE/);
    lib.C_SignInit(session, { mechanism: raw.mechanism }, privateKey);
    expect(() => lib.C_SignUpdate(session, Buffer.alloc(32))).toThrow(/CKR_FUNCTION_NOT_SUPPORTED/);
    // ECDSA on an SM2 key would not be an SM2 signature; the other vendor's numbers are unknown here.
    expect(() => lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateKey)).toThrow(
      /CKR_KEY_TYPE_INCONSISTENT/,
    );
    expect(() => lib.C_SignInit(session, { mechanism: 0x83000000 }, privateKey)).toThrow(
      /CKR_KEY_TYPE_INCONSISTENT/,
    );
    lib.C_CloseSession(session);
  });

  it('never shows the backing object (searches, handle guesses, pkcs11-tool), SoftHSM read directly has it; pkcs11-tool signs', async () => {
    const session = userSession(labelOf.longmai);
    const visible = find(session);
    const classes = visible.map((handle) =>
      ulong(lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_CLASS }])[0]!.value as Buffer),
    );
    expect(classes.sort()).toEqual(
      [
        pkcs11js.CKO_CERTIFICATE,
        pkcs11js.CKO_CERTIFICATE,
        pkcs11js.CKO_PUBLIC_KEY,
        pkcs11js.CKO_PUBLIC_KEY,
        pkcs11js.CKO_PRIVATE_KEY,
        pkcs11js.CKO_PRIVATE_KEY,
      ].sort(),
    );
    expect(find(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA }])).toEqual([]);
    // Guessing handles: SoftHSM numbers objects from 1; none of the first 64 reads as a data object.
    for (let guess = 1; guess <= 64; guess++) {
      const handle = Buffer.alloc(8);
      handle.writeBigUInt64LE(BigInt(guess));
      try {
        const [cls] = lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_CLASS }]);
        expect(ulong(cls!.value as Buffer)).not.toBe(pkcs11js.CKO_DATA);
      } catch (error) {
        expect(String(error)).toMatch(/CKR_OBJECT_HANDLE_INVALID/);
      }
    }
    lib.C_CloseSession(session);

    const listing = (
      await run(
        'pkcs11-tool',
        ['--module', keys.modulePath, '--token-label', labelOf.longmai, '--login', '--pin', '123456', '-O'],
        { env: keys.env },
      )
    ).stdout;
    expect(listing.match(/Private Key Object/g)).toHaveLength(2);
    expect(listing.match(/Public Key Object/g)).toHaveLength(2);
    expect(listing).toMatch(
      /Private Key Object[^\n]*\n\s*label:\s*YiKey signing key[\s\S]*?Usage:\s*sign[\s\S]*?Access:\s*sensitive, always sensitive, never extractable, local/,
    );
    expect(listing).not.toContain('Data object');

    // pkcs11-tool signs through the module too (Z with the default ID, DER out) and OpenSSL agrees.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yikey-sm2-p11tool-'));
    try {
      writeFileSync(path.join(dir, 'message'), message);
      const session = userSession(labelOf.longmai);
      const [id] = lib.C_GetAttributeValue(session, signingKeys(session).privateKey, [
        { type: pkcs11js.CKA_ID },
      ]);
      lib.C_CloseSession(session);
      await run(
        'pkcs11-tool',
        [
          ...['--module', keys.modulePath, '--token-label', labelOf.longmai, '--login', '--pin', '123456'],
          ...['--sign', '-m', '0x83000001', '--id', (id!.value as Buffer).toString('hex')],
          ...['-i', path.join(dir, 'message'), '-o', path.join(dir, 'signature')],
        ],
        { env: keys.env },
      );
      const signature = readFileSync(path.join(dir, 'signature'));
      const point = pointOfCertificate(labelOf.longmai);
      const cert = { certificateFile: certificateFile(labelOf.longmai) };
      expect(opensslVerifySm2E(cert, sm2E(point, message), rsToDer(signature)).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const direct = (
      await run(
        'pkcs11-tool',
        [
          '--module',
          '/usr/lib/softhsm/libsofthsm2.so',
          '--token-label',
          labelOf.longmai,
          '--login',
          '--pin',
          '123456',
          '-O',
        ],
        { env: { ...process.env, SOFTHSM2_CONF: path.join(keys.home, 'softhsm2.conf') } },
      )
    ).stdout;
    expect(direct.match(/Data object/g)).toHaveLength(2); // one per SM2 key pair
    expect(direct).toContain('vusbkey-sm2-backing');
  });

  it('keeps the SM2 key across a module reload and an unplug/replug', async () => {
    const label = labelOf.longmai;
    const point = pointOfCertificate(label);
    const raw = numberings.longmai.sign[0]!;
    const signOnce = () => {
      const session = userSession(label);
      const signature = sign(session, signingKeys(session).privateKey, raw, sm2E(point, message));
      lib.C_CloseSession(session);
      return signature;
    };
    const cert = { certificateFile: certificateFile(label) };
    lib.C_Finalize();
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    expect(opensslVerifySm2E(cert, sm2E(point, message), rsToDer(signOnce())).ok).toBe(true);

    const before = userSession(label);
    await keys.unplug(label);
    expect(() => lib.C_SignInit(before, { mechanism: raw.mechanism }, Buffer.alloc(8))).toThrow(
      /CKR_SESSION_HANDLE_INVALID/,
    );
    await keys.plug(label);
    expect(opensslVerifySm2E(cert, sm2E(point, message), rsToDer(signOnce())).ok).toBe(true);
  });

  it('applies the latency-and-fault switches to SM2 calls too', async () => {
    const label = labelOf.sansec;
    const session = userSession(label);
    const { privateKey } = signingKeys(session);
    const raw = numberings.sansec.sign.find((m) => m.mechanism === 0x80008105)!;
    const e = sm2E(pointOfCertificate(label), message);
    await keys.injectFault(label, { op: 'C_Sign', rv: 'CKR_DEVICE_ERROR' });
    lib.C_SignInit(session, { mechanism: raw.mechanism }, privateKey);
    expect(() => lib.C_Sign(session, e, Buffer.alloc(64))).toThrow(/CKR_DEVICE_ERROR/);
    // One-shot: the operation is still there and the next C_Sign signs.
    expect(lib.C_Sign(session, e, Buffer.alloc(64))).toHaveLength(64);
    // Latency: an SM2 C_Sign sleeps like a slow token, and a removal during the sleep ends it.
    await keys.setLatency(label, { op: 'C_Sign', ms: 5000 });
    lib.C_SignInit(session, { mechanism: raw.mechanism }, privateKey);
    const sleeping = lib.C_SignAsync(session, e, Buffer.alloc(64));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await keys.unplug(label);
    await expect(sleeping).rejects.toThrow(/CKR_DEVICE_REMOVED/);
    await keys.setLatency(label, { op: 'C_Sign', ms: 0 });
    await keys.plug(label);
    const again = userSession(label);
    const { privateKey: keyAgain } = signingKeys(again);
    await keys.injectFault(label, { op: 'C_SignInit', unplug: true });
    expect(() => lib.C_SignInit(again, { mechanism: raw.mechanism }, keyAgain)).toThrow(/CKR_DEVICE_REMOVED/);
    await keys.plug(label);
  });

  it('generates SM2 key pairs with C_GenerateKeyPair as the template says, and cleans up after them', () => {
    const label = labelOf.sansec;
    const session = userSession(label);
    const generate = (mechanism: number, template: { token: boolean; id: string }) =>
      lib.C_GenerateKeyPair(
        session,
        { mechanism },
        [
          { type: pkcs11js.CKA_TOKEN, value: template.token },
          { type: pkcs11js.CKA_EC_PARAMS, value: sm2CurveOid },
          { type: pkcs11js.CKA_ID, value: Buffer.from(template.id, 'hex') },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: template.token },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_ID, value: Buffer.from(template.id, 'hex') },
          { type: pkcs11js.CKA_LABEL, value: `renewal ${template.id}` },
        ],
      );
    const verifiesWith = (pair: pkcs11js.KeyPair) => {
      const [ecPoint] = lib.C_GetAttributeValue(session, pair.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
      const point = pointOfEcPoint(ecPoint!.value as Buffer);
      const raw = numberings.sansec.sign.find((m) => m.mechanism === 0x80008104)!;
      const signature = sign(session, pair.privateKey, raw, sm2E(point, message));
      return opensslVerifySm2E({ spki: sm2SpkiDer(point) }, sm2E(point, message), signature).ok;
    };

    const vendorPair = generate(numberings.sansec.keyPairGen, { token: true, id: 'a1' });
    expect(verifiesWith(vendorPair)).toBe(true);
    const [token, id, objectLabel, keyType] = lib.C_GetAttributeValue(session, vendorPair.privateKey, [
      { type: pkcs11js.CKA_TOKEN },
      { type: pkcs11js.CKA_ID },
      { type: pkcs11js.CKA_LABEL },
      { type: pkcs11js.CKA_KEY_TYPE },
    ]);
    expect(bool(token!.value as Buffer)).toBe(true);
    expect((id!.value as Buffer).toString('hex')).toBe('a1');
    expect((objectLabel!.value as Buffer).toString()).toBe('renewal a1');
    expect(hex(ulong(keyType!.value as Buffer))).toBe(hex(numberings.sansec.keyType));

    const ecPair = generate(pkcs11js.CKM_EC_KEY_PAIR_GEN, { token: false, id: 'b2' });
    expect(verifiesWith(ecPair)).toBe(true);
    const [sessionOnly] = lib.C_GetAttributeValue(session, ecPair.privateKey, [{ type: pkcs11js.CKA_TOKEN }]);
    expect(bool(sessionOnly!.value as Buffer)).toBe(false);

    // Nothing said about protection: the private key gets what a USBKEY key always has.
    const bare = lib.C_GenerateKeyPair(
      session,
      { mechanism: numberings.sansec.keyPairGen },
      [{ type: pkcs11js.CKA_TOKEN, value: false }],
      [
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
      ],
    );
    const [isPrivate, isSensitive, isExtractable] = lib.C_GetAttributeValue(session, bare.privateKey, [
      { type: pkcs11js.CKA_PRIVATE },
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
    ]);
    expect([isPrivate, isSensitive, isExtractable].map((a) => bool(a!.value as Buffer))).toEqual([
      true,
      true,
      false,
    ]);
    expect(verifiesWith(bare)).toBe(true);

    // Destroying the token key destroys its backing: the token is left as it was before.
    lib.C_DestroyObject(session, vendorPair.privateKey);
    lib.C_DestroyObject(session, vendorPair.publicKey);
    expect(find(session, [{ type: pkcs11js.CKA_ID, value: Buffer.from('a1', 'hex') }])).toEqual([]);
    lib.C_CloseSession(session);
    // SoftHSM itself: only the backing object of the key made at init is left (the session
    // key's went with its session).
    const direct = spawnSync(
      'pkcs11-tool',
      [
        ...['--module', '/usr/lib/softhsm/libsofthsm2.so', '--token-label', label],
        ...['--login', '--pin', '123456', '-O'],
      ],
      { env: { ...process.env, SOFTHSM2_CONF: path.join(keys.home, 'softhsm2.conf') }, encoding: 'utf8' },
    ).stdout;
    expect(direct.match(/Data object/g)).toHaveLength(1);
  });

  it('refuses to import SM2 private keys or forge a backing object', () => {
    const session = userSession(labelOf.sansec);
    expect(() =>
      lib.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: numberings.sansec.keyType },
        { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(32, 1) },
      ]),
    ).toThrow(/CKR_TEMPLATE_INCONSISTENT/);
    expect(() =>
      lib.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
        { type: pkcs11js.CKA_APPLICATION, value: 'vusbkey-sm2-backing' },
        { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(38, 1) },
      ]),
    ).toThrow(/CKR_ATTRIBUTE_VALUE_INVALID/);
    lib.C_CloseSession(session);
  });

  it('issues the dual pair from the SM2 test CA: signing and encryption certificates, default-ID signatures', async () => {
    const dir = path.join(keys.home, 'keys', labelOf.longmai);
    const caFile = path.join(keys.home, 'ca', 'sm2-ca.cert.pem');
    const encryptionFile = readdirSync(dir).find((name) => /^cert-[0-9a-f]+\.pem$/.test(name))!;
    const text = async (file: string) =>
      (await run('openssl', ['x509', '-in', path.join(dir, file), '-noout', '-text'])).stdout;
    const signing = await text('cert.pem');
    const encryption = await text(encryptionFile);
    expect(signing).toContain('Signature Algorithm: SM2-with-SM3');
    expect(signing).toMatch(/Key Usage: critical\s*Digital Signature, Non Repudiation\n/);
    expect(encryption).toMatch(/Key Usage: critical\s*Key Encipherment, Data Encipherment\n/);
    expect(pointOfCertificate(labelOf.longmai)).not.toEqual(
      pointOfCertificate(labelOf.longmai, encryptionFile),
    );
    const verify = (extra: string[]) =>
      spawnSync(
        'openssl',
        ['verify', '-CAfile', caFile, ...extra, path.join(dir, 'cert.pem'), path.join(dir, encryptionFile)],
        {
          encoding: 'utf8',
        },
      );
    expect(verify(['-vfyopt', 'distid:1234567812345678']).status).toBe(0);
    expect(verify([]).status).not.toBe(0); // OpenSSL 3.0's empty default ID: the CA did not sign with it

    // The encryption key cannot sign.
    const session = userSession(labelOf.longmai);
    const [encryptionKey] = find(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_SIGN, value: false },
    ]);
    expect(() => lib.C_SignInit(session, { mechanism: 0x83000000 }, encryptionKey!)).toThrow(
      /CKR_KEY_FUNCTION_NOT_PERMITTED/,
    );
    lib.C_CloseSession(session);
  });

  it('creates SM2 keys from the command line with the numbering and validity asked for, and rejects an unknown numbering', async () => {
    const cli = path.resolve('native/vusbkey/control/main.ts');
    const vusbkey = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { env: keys.env, encoding: 'utf8' });
    const created = vusbkey([
      'init',
      '--label',
      'gm-old',
      '--algorithm',
      'sm2',
      '--vendor',
      'sansec',
      '--expired-days-ago',
      '3',
      '--json',
    ]);
    expect(created.stderr).toBe('');
    const result = JSON.parse(created.stdout) as { certificate: { notAfter: string; file: string } };
    expect(Date.parse(result.certificate.notAfter)).toBeLessThan(Date.now() - 2 * 24 * 3600 * 1000);
    expect(readFileSync(path.join(keys.home, 'keys', 'gm-old', 'sm2-vendor'), 'utf8').trim()).toBe('sansec');
    const endDate = (await run('openssl', ['x509', '-in', result.certificate.file, '-noout', '-enddate']))
      .stdout;
    expect(Date.parse(endDate.replace('notAfter=', ''))).toBe(Date.parse(result.certificate.notAfter));

    const rejected = vusbkey(['init', '--label', 'gm-bad', '--algorithm', 'sm2', '--vendor', 'westone']);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toMatch(/invalid option vendor/);
    const mismatch = vusbkey(['add-cert', '--label', 'gm-old', '--algorithm', 'sm2', '--vendor', 'longmai']);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('speaks the sansec SM2 numbering');
  });

  it('gives an RSA key an SM2 key pair without certificate (fixture), speaking the default numbering', async () => {
    await keys.initKey({ label: 'mixed', certificate: false });
    await keys.generateKeyPairOnly('mixed', { id: 'c3', label: 'bare SM2', algorithm: 'sm2' });
    const session = userSession('mixed');
    const { privateKey, publicKey } = signingKeys(session);
    const [keyType] = lib.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_KEY_TYPE }]);
    expect(hex(ulong(keyType!.value as Buffer))).toBe(hex(numberings.longmai.keyType));
    const [ecPoint] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const point = pointOfEcPoint(ecPoint!.value as Buffer);
    const withZ = numberings.longmai.sign[1]!;
    const signature = sign(session, privateKey, withZ, message);
    expect(opensslVerifySm2E({ spki: sm2SpkiDer(point) }, sm2E(point, message), rsToDer(signature)).ok).toBe(
      true,
    );
    lib.C_CloseSession(session);
  });

  it('answers malformed or out-of-order SM2 requests with a specific error and signs with a caller-given user ID', () => {
    const label = labelOf.sansec;
    const loggedOut = lib.C_OpenSession(slotOf(label), rwSession);
    const [publicOnly] = find(loggedOut, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }]);
    expect(() => lib.C_SignInit(loggedOut, { mechanism: 0x80008105 }, publicOnly!)).toThrow(
      /CKR_USER_NOT_LOGGED_IN/,
    );
    lib.C_CloseSession(loggedOut);

    const session = userSession(label);
    const { privateKey, publicKey } = signingKeys(session);
    const rsaKeyType = [{ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA }];
    const p256 = [{ type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') }];
    const keyPairGen = { mechanism: numberings.sansec.keyPairGen };
    expect(() => lib.C_GenerateKeyPair(session, keyPairGen, rsaKeyType, [])).toThrow(
      /CKR_TEMPLATE_INCONSISTENT/,
    );
    expect(() => lib.C_GenerateKeyPair(session, keyPairGen, p256, [])).toThrow(/CKR_DOMAIN_PARAMS_INVALID/);
    expect(() =>
      lib.C_SetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_PARAMS, value: p256[0]!.value }]),
    ).toThrow(/CKR_ATTRIBUTE_READ_ONLY/);
    // CKR_ACTION_PROHIBITED (0x1B, PKCS#11 2.40), which pkcs11js names by number.
    expect(() => lib.C_CopyObject(session, privateKey, [])).toThrow(/CKR_ACTION_PROHIBITED|:27$/);
    expect(() => lib.C_Sign(session, message, Buffer.alloc(64))).toThrow(/CKR_OPERATION_NOT_INITIALIZED/);
    // SM2 verification takes the public key (vusbkey-sm2-verify.test.ts); ECDSA on an SM2 key is wrong.
    expect(() => lib.C_VerifyInit(session, { mechanism: 0x80008105 }, privateKey)).toThrow(
      /CKR_KEY_TYPE_INCONSISTENT/,
    );
    expect(() => lib.C_VerifyInit(session, { mechanism: pkcs11js.CKM_ECDSA }, publicKey)).toThrow(
      /CKR_KEY_TYPE_INCONSISTENT/,
    );

    // A Z mechanism with a parameter uses it as the user ID (our choice, as several vendor libraries do).
    const [ecPoint] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const point = pointOfEcPoint(ecPoint!.value as Buffer);
    const alice = Buffer.from('ALICE123@YAHOO.COM');
    lib.C_SignInit(session, { mechanism: 0x80008103, parameter: alice }, privateKey);
    const signature = lib.C_Sign(session, message, Buffer.alloc(72));
    const spki = { spki: sm2SpkiDer(point) };
    expect(opensslVerifySm2E(spki, sm2E(point, message, alice), signature).ok).toBe(true);
    expect(opensslVerifySm2E(spki, sm2E(point, message), signature).ok).toBe(false);
    // Logging out ends an SM2 signature begun before: the scalar is gone with the login.
    lib.C_SignInit(session, { mechanism: 0x80008105 }, privateKey);
    lib.C_Logout(session);
    expect(() => lib.C_Sign(session, sm2E(point, message), Buffer.alloc(64))).toThrow(
      /CKR_OPERATION_NOT_INITIALIZED/,
    );
    // SoftHSM gives private objects new handles at each login: the old one names nothing now.
    expect(() => lib.C_SignInit(session, { mechanism: 0x80008105 }, privateKey)).toThrow(
      /CKR_USER_NOT_LOGGED_IN/,
    );
    lib.C_Login(session, pkcs11js.CKU_USER, '123456');
    const privateKeyNow = signingKeys(session).privateKey;
    expect(() => lib.C_SignInit(session, { mechanism: 0x80008105 }, privateKey)).toThrow(
      /CKR_KEY_HANDLE_INVALID/,
    );
    // The raw mechanisms take no parameter.
    expect(() => lib.C_SignInit(session, { mechanism: 0x80008105, parameter: alice }, privateKeyNow)).toThrow(
      /CKR_MECHANISM_PARAM_INVALID/,
    );
    lib.C_CloseSession(session);
  });

  it('signs SM2 on several sessions at once (worker threads), every signature valid', async () => {
    const label = labelOf.longmai;
    const point = pointOfCertificate(label);
    const raw = numberings.longmai.sign[0]!;
    const messages = Array.from({ length: 12 }, (_, index) => Buffer.from(`记录 ${index}`));
    const sessions = [userSession(label), userSession(label), userSession(label)];
    const signatures = await Promise.all(
      sessions.map(async (session, worker) => {
        const key = signingKeys(session).privateKey;
        const mine: Buffer[] = [];
        for (let index = worker; index < messages.length; index += sessions.length) {
          lib.C_SignInit(session, { mechanism: raw.mechanism }, key);
          mine[index] = await lib.C_SignAsync(session, sm2E(point, messages[index]!), Buffer.alloc(64));
        }
        return mine;
      }),
    );
    for (const session of sessions) lib.C_CloseSession(session);
    const cert = { certificateFile: certificateFile(label) };
    messages.forEach((text, index) => {
      const signature = signatures[index % sessions.length]![index]!;
      expect(opensslVerifySm2E(cert, sm2E(point, text), rsToDer(signature)).ok, `message ${index}`).toBe(
        true,
      );
    });
  });
});
