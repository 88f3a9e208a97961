// Raw C_Sign throughput per algorithm on the virtual USBKEY, in one run: RSA-2048 and P-256
// (SoftHSM's own mechanisms) next to SM2 (done by the vusbkey module with OpenSSL), under both SM2
// numberings' raw and hashing mechanisms. YiKey's own SM2 path belongs next to these once the
// token layer signs SM2 (sm2sign).
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pkcs11js from 'pkcs11js';

import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

type Case = { name: string; label: string; mechanism: number; input: Buffer; outputLength: number };

const document = Buffer.alloc(1024, 0x41);
// What the raw mechanisms sign: a SHA-256 digest (P-256) or a stand-in e (SM2: any 32 bytes is a valid e).
const digest = createHash('sha256').update(document).digest();
const rsaDigestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);

const cases: Case[] = [
  {
    name: 'RSA-2048 CKM_RSA_PKCS',
    label: 'alg-rsa',
    mechanism: pkcs11js.CKM_RSA_PKCS,
    input: rsaDigestInfo,
    outputLength: 256,
  },
  {
    name: 'P-256 CKM_ECDSA',
    label: 'alg-p256',
    mechanism: pkcs11js.CKM_ECDSA,
    input: digest,
    outputLength: 64,
  },
  {
    name: 'SM2 longmai 0x83000000 (e in)',
    label: 'alg-sm2-longmai',
    mechanism: 0x83000000,
    input: digest,
    outputLength: 64,
  },
  {
    name: 'SM2 longmai 0x83000001 (1 KiB, Z)',
    label: 'alg-sm2-longmai',
    mechanism: 0x83000001,
    input: document,
    outputLength: 64,
  },
  {
    name: 'SM2 sansec 0x80008104 (e in, DER)',
    label: 'alg-sm2-sansec',
    mechanism: 0x80008104,
    input: digest,
    outputLength: 72,
  },
  {
    name: 'SM2 sansec 0x80008103 (1 KiB, Z, DER)',
    label: 'alg-sm2-sansec',
    mechanism: 0x80008103,
    input: document,
    outputLength: 72,
  },
];

async function measureCase(modulePath: string, item: Case, count: number): Promise<number> {
  const library = new pkcs11js.PKCS11();
  library.load(modulePath);
  library.C_Initialize();
  try {
    const slot = library
      .C_GetSlotList(true)
      .find((handle) => library.C_GetTokenInfo(handle).label.trim() === item.label);
    if (!slot) throw new Error(`no key labelled ${item.label}`);
    const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    library.C_Login(session, pkcs11js.CKU_USER, '123456');
    library.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    const [key] = library.C_FindObjects(session, 1);
    library.C_FindObjectsFinal(session);
    if (!key) throw new Error(`no private key on ${item.label}`);
    const sign = (): Promise<Buffer> => {
      library.C_SignInit(session, { mechanism: item.mechanism }, key);
      return library.C_SignAsync(session, item.input, Buffer.alloc(item.outputLength));
    };
    await sign();
    const started = performance.now();
    for (let index = 0; index < count; index++) await sign();
    const seconds = (performance.now() - started) / 1000;
    library.C_Logout(session);
    library.C_CloseSession(session);
    return count / seconds;
  } finally {
    library.C_Finalize();
  }
}

/** Signatures per second for each case; the keys are created here and unplugged afterwards. */
export async function measureSigningByAlgorithm(
  keys: VirtualKeyHome,
  count: number,
): Promise<{ signatures: number; perSecond: Record<string, number> }> {
  await keys.initKey({ label: 'alg-rsa', algorithm: 'rsa-2048' });
  await keys.initKey({ label: 'alg-p256', algorithm: 'p-256' });
  await keys.initKey({ label: 'alg-sm2-longmai', algorithm: 'sm2', vendor: 'longmai' });
  await keys.initKey({ label: 'alg-sm2-sansec', algorithm: 'sm2', vendor: 'sansec' });
  const perSecond: Record<string, number> = {};
  try {
    for (const item of cases) perSecond[item.name] = await measureCase(keys.modulePath, item, count);
  } finally {
    for (const label of ['alg-rsa', 'alg-p256', 'alg-sm2-longmai', 'alg-sm2-sansec'])
      await keys.unplug(label);
  }
  return { signatures: count, perSecond };
}
