// SM2 and P-256 signing throughput on the virtual USBKEY, raw vs YiKey, in one run: raw is
// pkcs11js in-process, C_SignInit + C_Sign on a fixed 32 bytes — CKM_SM2 (0x83000000, Longmai
// numbering; OpenSSL in the module) on e, or CKM_ECDSA (SoftHSM) on a SHA-256 digest;
// YiKey is the holder façade over 1 KiB documents: the digest of the file, the CAdES attributes,
// for SM2 Z ‖ M to the token host (which computes e and picks the mechanism), r ‖ s → DER, and
// the check of every signature against the certificate before it is returned.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pkcs11js from 'pkcs11js';
import { HolderService } from '../../src-main/holder/holder-service';
import { forkHostProcessFrom } from '../../src-main/token/host-process';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

const pin = '123456';
const CKM_SM2_LONGMAI = 0x83000000;

type BenchKey = { label: string; mechanism: number };
const benchKeys: Record<'sm2' | 'p-256', BenchKey> = {
  sm2: { label: 'bench-sm2', mechanism: CKM_SM2_LONGMAI },
  'p-256': { label: 'bench-p256', mechanism: pkcs11js.CKM_ECDSA },
};

function measureRaw(modulePath: string, count: number, { label, mechanism }: BenchKey): Promise<number> {
  const library = new pkcs11js.PKCS11();
  library.load(modulePath);
  library.C_Initialize();
  return (async () => {
    try {
      const slot = library
        .C_GetSlotList(true)
        .find((handle) => library.C_GetTokenInfo(handle).label.trim() === label);
      if (!slot) throw new Error(`no key labelled ${label}`);
      const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      library.C_Login(session, pkcs11js.CKU_USER, pin);
      library.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
      const [key] = library.C_FindObjects(session, 1);
      library.C_FindObjectsFinal(session);
      if (!key) throw new Error('no private key');
      const e = createHash('sha256').update('bench').digest();
      const sign = (): Promise<Buffer> => {
        library.C_SignInit(session, { mechanism }, key);
        return library.C_SignAsync(session, e, Buffer.alloc(64));
      };
      await sign();
      const started = performance.now();
      for (let index = 0; index < count; index++) await sign();
      const perSecond = count / ((performance.now() - started) / 1000);
      library.C_Logout(session);
      library.C_CloseSession(session);
      return perSecond;
    } finally {
      library.C_Finalize();
    }
  })();
}

async function measureYiKey(
  modulePath: string,
  count: number,
  tokenHostEntry: string,
  label: string,
): Promise<number> {
  const holder = new HolderService({
    host: new TokenHostClient({
      module: { path: modulePath, source: 'setting' },
      launcher: forkHostProcessFrom(tokenHostEntry),
    }),
  });
  await holder.start();
  try {
    const token = (await holder.listTokens()).find((candidate) => candidate.label === label);
    if (!token) throw new Error(`no key labelled ${label}`);
    await holder.login(token.slotId, pin);
    const listing = await holder.listAll();
    const signing = listing.certificates.find((entry) => entry.slotId === token.slotId && entry.readable);
    if (!signing?.readable) throw new Error(`no certificate on ${label}`);
    const certificateFingerprint = signing.certificate.sha256Fingerprint;
    const content = new Uint8Array(1024).fill(0x41);
    await holder.sign({ content, certificateFingerprint });
    const started = performance.now();
    for (let index = 0; index < count; index++) await holder.sign({ content, certificateFingerprint });
    return count / ((performance.now() - started) / 1000);
  } finally {
    await holder.stop();
  }
}

export interface Sm2SigningResult {
  key: string;
  signatures: number;
  rawPkcs11jsPerSecond: number;
  yikeySequentialPerSecond: number;
  ratioSequential: number;
  addedMsPerSignature: number;
}

/** Makes its own SM2 (or P-256) key (plugged) on `keys`, measures, and pulls it out again. */
export async function measureSm2Signing(
  keys: VirtualKeyHome,
  count: number,
  tokenHostEntry: string,
  algorithm: 'sm2' | 'p-256' = 'sm2',
): Promise<Sm2SigningResult> {
  const benchKey = benchKeys[algorithm];
  const { label } = benchKey;
  await keys.initKey(
    algorithm === 'sm2' ? { label, pin, algorithm, vendor: 'longmai' } : { label, pin, algorithm },
  );
  try {
    const raw = await measureRaw(keys.modulePath, count, benchKey);
    const yikey = await measureYiKey(keys.modulePath, count, tokenHostEntry, label);
    return {
      key:
        algorithm === 'sm2'
          ? 'vusbkey SM2 (OpenSSL libcrypto in the module), Longmai numbering, no added latency'
          : 'vusbkey P-256 (SoftHSM2 CKM_ECDSA), no added latency',
      signatures: count,
      rawPkcs11jsPerSecond: raw,
      yikeySequentialPerSecond: yikey,
      ratioSequential: yikey / raw,
      addedMsPerSignature: 1000 / yikey - 1000 / raw,
    };
  } finally {
    await keys.unplug(label);
  }
}
