// C_Verify for SM2 in the virtual USBKEY, with signatures made by OpenSSL alone: an SM2 key made by
// `openssl genpkey`, its public point put on the token as a public key object of the vendor's
// CKK (C_CreateObject), and each of the key's vendor mechanisms verifying OpenSSL's value on e
// (raw) or on the message (the token hashes, with or without Z) in the vendor's format. A changed
// message, an empty-ID signature where Z is the default, and a malformed value are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  opensslSm2E,
  opensslSm2Key,
  opensslSm2PublicPoint,
  opensslSm2SignE,
  opensslSm3,
} from '../helpers/openssl-sm2';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const message = Buffer.from('门诊病历 2026-11-30 张三 SM2 C_Verify');
const sm2Curve = Buffer.from('06082a811ccf5501822d', 'hex');

type Mechanism = { value: number; input: 'e' | 'sm3' | 'sm3-z'; format: 'rs' | 'der' };
const vendors: Record<'longmai' | 'sansec', { keyType: number; mechanisms: Mechanism[] }> = {
  longmai: {
    keyType: 0x84000020,
    mechanisms: [
      { value: 0x83000000, input: 'e', format: 'rs' },
      { value: 0x83000001, input: 'sm3-z', format: 'rs' },
    ],
  },
  sansec: {
    keyType: 0x80000004,
    mechanisms: [
      { value: 0x80008100, input: 'sm3', format: 'rs' },
      { value: 0x80008101, input: 'sm3', format: 'der' },
      { value: 0x80008102, input: 'sm3-z', format: 'rs' },
      { value: 0x80008103, input: 'sm3-z', format: 'der' },
      { value: 0x80008104, input: 'e', format: 'der' },
      { value: 0x80008105, input: 'e', format: 'rs' },
    ],
  },
};

/** DER SEQUENCE { r, s } → r ‖ s. */
function derToRs(der: Uint8Array): Buffer {
  const integers: Buffer[] = [];
  let offset = 2;
  for (let index = 0; index < 2; index++) {
    const length = der[offset + 1]!;
    integers.push(Buffer.from(der.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
  }
  return Buffer.concat(integers.map((value) => Buffer.concat([Buffer.alloc(32), value]).subarray(-32)));
}

describe('C_Verify of SM2 in the virtual USBKEY', () => {
  let keys: VirtualKeyHome;
  let lib: pkcs11js.PKCS11;
  let work: string;
  let keyPath: string;
  let point: Buffer;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    for (const vendor of ['longmai', 'sansec'] as const)
      await keys.initKey({ label: `v-${vendor}`, algorithm: 'sm2', vendor, certificate: false });
    work = mkdtempSync(path.join(os.tmpdir(), 'yikey-sm2-verify-'));
    keyPath = opensslSm2Key(work, 'signer');
    point = Buffer.from(opensslSm2PublicPoint(keyPath));
    process.env.VUSBKEY_HOME = keys.home;
    lib = new pkcs11js.PKCS11();
    lib.load(keys.modulePath);
    lib.C_Initialize();
  });

  afterAll(async () => {
    lib?.C_Finalize();
    await keys?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const publicKeyOn = (vendor: 'longmai' | 'sansec') => {
    const slot = lib
      .C_GetSlotList(true)
      .find((handle) => lib.C_GetTokenInfo(handle).label.trim() === `v-${vendor}`)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    const key = lib.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: vendors[vendor].keyType },
      { type: pkcs11js.CKA_TOKEN, value: false },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_EC_PARAMS, value: sm2Curve },
      { type: pkcs11js.CKA_EC_POINT, value: Buffer.concat([Buffer.from([0x04, 0x41]), point]) },
    ]);
    return { session, key };
  };

  /** OpenSSL's signature over `data` as `mechanism` expects it; e with `id` where Z is used. */
  const opensslSignature = (
    mechanism: Mechanism,
    data: Buffer,
    id?: string,
  ): { input: Buffer; value: Buffer } => {
    const e =
      mechanism.input === 'sm3'
        ? Buffer.from(opensslSm3(data)) // the token hashes the input without Z
        : Buffer.from(opensslSm2E(point, data, id));
    const der = Buffer.from(opensslSm2SignE(keyPath, e));
    return {
      input: mechanism.input === 'e' ? e : data,
      value: mechanism.format === 'der' ? der : derToRs(der),
    };
  };

  const verify = (
    session: pkcs11js.Handle,
    key: pkcs11js.Handle,
    mechanism: number,
    input: Buffer,
    value: Buffer,
  ) => {
    lib.C_VerifyInit(session, { mechanism }, key);
    return lib.C_Verify(session, input, value);
  };

  for (const vendor of ['longmai', 'sansec'] as const) {
    it(`${vendor}: every vendor mechanism verifies OpenSSL's signature and refuses a changed one`, () => {
      const { session, key } = publicKeyOn(vendor);
      for (const mechanism of vendors[vendor].mechanisms) {
        const name = `0x${mechanism.value.toString(16)}`;
        const { input, value } = opensslSignature(mechanism, message);
        expect(verify(session, key, mechanism.value, input, value), name).toBe(true);
        const changed = Buffer.from(input);
        changed[0]! ^= 0x01;
        expect(() => verify(session, key, mechanism.value, changed, value), name).toThrow(
          /CKR_SIGNATURE_INVALID/,
        );
        const broken = Buffer.from(value);
        broken[broken.length - 1]! ^= 0x01;
        expect(() => verify(session, key, mechanism.value, input, broken), name).toThrow(
          /CKR_SIGNATURE_INVALID/,
        );
        if (mechanism.input === 'sm3-z') {
          const emptyId = opensslSignature(mechanism, message, '');
          expect(() => verify(session, key, mechanism.value, input, emptyId.value), name).toThrow(
            /CKR_SIGNATURE_INVALID/,
          );
        }
      }
      lib.C_CloseSession(session);
    });
  }

  it('refuses a wrong signature length and ECDSA on the SM2 key', () => {
    const { session, key } = publicKeyOn('longmai');
    const e = Buffer.from(opensslSm2E(point, message));
    expect(() => verify(session, key, 0x83000000, e, Buffer.alloc(63, 1))).toThrow(/CKR_SIGNATURE_LEN_RANGE/);
    expect(() => verify(session, key, 0x83000000, e.subarray(1), Buffer.alloc(64, 1))).toThrow(
      /CKR_DATA_LEN_RANGE/,
    );
    expect(() => lib.C_VerifyInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key)).toThrow(
      /CKR_KEY_TYPE_INCONSISTENT/,
    );
    // After a failed C_Verify the operation is over: a new one starts cleanly.
    const { input, value } = opensslSignature({ value: 0x83000000, input: 'e', format: 'rs' }, message);
    expect(verify(session, key, 0x83000000, input, value)).toBe(true);
    lib.C_CloseSession(session);
  });
});
