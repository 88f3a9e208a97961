// Talks to SoftHSM directly (not through the virtual module) to provision tokens: keys are
// generated on the token, certificates written next to them. withTokenSession runs only in
// the token worker process (token-worker.ts), never next to a loaded virtual module.
import { execFileSync } from 'node:child_process';
import pkcs11js from 'pkcs11js';

import { homePaths, softhsmLibraryPath, VusbkeyError } from './paths';

export type TokenSession = { lib: pkcs11js.PKCS11; session: pkcs11js.Handle };

/** Runs `softhsm2-util` with this home's configuration; returns stdout. */
export function softhsmUtil(home: string, args: string[]): string {
  try {
    return execFileSync('softhsm2-util', args, {
      env: { ...process.env, SOFTHSM2_CONF: homePaths(home).softhsmConf },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT')
      throw new VusbkeyError('softhsm2-util not found: apt-get install softhsm2');
    throw new VusbkeyError(`softhsm2-util ${args[0]} failed: ${failure.stderr?.trim() || failure.message}`);
  }
}

const trimPadded = (text: string): string => text.replace(/[\s\0]+$/, '');

/** Opens a R/W session on the SoftHSM token with `serial`, logged in as user, and finalizes after. */
export async function withTokenSession<T>(
  softhsmConf: string,
  serial: string,
  pin: string,
  work: (token: TokenSession) => T | Promise<T>,
): Promise<T> {
  const lib = new pkcs11js.PKCS11();
  lib.load(softhsmLibraryPath());
  process.env.SOFTHSM2_CONF = softhsmConf; // read by SoftHSM in C_Initialize
  lib.C_Initialize();
  try {
    const slot = lib
      .C_GetSlotList(true)
      .find((candidate) => trimPadded(lib.C_GetTokenInfo(candidate).serialNumber) === serial);
    if (!slot) throw new VusbkeyError(`no SoftHSM token with serial ${serial}`);
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      lib.C_Login(session, pkcs11js.CKU_USER, pin);
      return await work({ lib, session });
    } finally {
      lib.C_CloseSession(session);
    }
  } finally {
    lib.C_Finalize();
    lib.close();
  }
}

/** Serial of the token that `softhsm2-util --init-token` just reassigned to `slotId`. */
export function serialOfSlot(home: string, slotId: string): string {
  const output = softhsmUtil(home, ['--show-slots']);
  const section = output.split(/\n(?=Slot \d+)/).find((part) => part.startsWith(`Slot ${slotId}\n`));
  const serial = section?.match(/Serial number:\s*(\S+)/)?.[1];
  if (!serial) throw new VusbkeyError(`could not read the serial of SoftHSM slot ${slotId}`);
  return serial;
}
