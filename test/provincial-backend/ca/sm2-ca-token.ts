// Where an SM2 CA's key lives: a virtual USBKEY of its own under `dataDir/ca-vusbkey` (Longmai
// numbering, random PINs, no certificate), made once before the CA token opens. Its user PIN is
// kept in a 0600 file, like the SoftHSM CA token's (README: simplified). Once made, the data
// folder's CA is SM2 for good: the algorithm follows from what is on disk.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { initKey } from '../../../native/vusbkey/control/key-provisioning';
import { p256Sha256, type CaKeyAlgorithm } from './ca-key-algorithm';
import { sm2Sm3 } from './sm2-ca-key-algorithm';

export const sm2CaTokenLabel = 'backend-ca';
export const sm2CaTokenFolder = (dataDir: string): string => path.join(dataDir, 'ca-vusbkey');

export type CaAlgorithmName = 'p-256' | 'sm2';

/** The CA key algorithm of a data folder: SM2 once its virtual USBKEY exists, else P-256. */
export function caKeyAlgorithmOf(dataDir: string): CaKeyAlgorithm {
  return existsSync(path.join(sm2CaTokenFolder(dataDir), 'user-pin')) ? sm2Sm3 : p256Sha256;
}

/** Makes the SM2 CA's virtual USBKEY unless the folder has one (the key pair comes at first open). */
export async function ensureSm2CaToken(dataDir: string): Promise<void> {
  const folder = sm2CaTokenFolder(dataDir);
  const pinFile = path.join(folder, 'user-pin');
  if (existsSync(pinFile)) return;
  // A data folder whose CA exists keeps it: an SM2 key next to a P-256 CA certificate would
  // leave a CA that opens with neither.
  if (existsSync(path.join(dataDir, 'ca', 'ca.cert.der')))
    throw new Error(`${dataDir} already has a P-256 CA; an SM2 CA needs a new data folder`);
  // 16 hex characters: the virtual key's PIN length limit (6–16).
  const pin = randomBytes(8).toString('hex');
  await initKey(folder, {
    label: sm2CaTokenLabel,
    algorithm: 'sm2',
    vendor: 'longmai',
    certificate: false,
    pin,
    soPin: randomBytes(8).toString('hex'),
    maxTries: 99,
  });
  writeFileSync(pinFile, pin, { mode: 0o600 });
}
