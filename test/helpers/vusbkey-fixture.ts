// Virtual USBKEY homes for tests: a temp VUSBKEY_HOME with its own SoftHSM tokens and CA.
//
//   const keys = await createVirtualKeyHome();
//   await keys.initKey({ label: 'alpha', maxTries: 3 });        // plugged, PIN 123456
//   await keys.initKey({ label: 'gm', algorithm: 'sm2', vendor: 'sansec', dual: true }); // SM2 (README "SM2")
//   process.env.VUSBKEY_HOME = keys.home;                        // before C_Initialize of keys.modulePath
//   await keys.unplug('alpha'); await keys.plug('alpha');
//   await keys.setLatency('alpha', { op: 'C_Sign', ms: 300 });
//   await keys.injectFault('alpha', { op: 'C_Sign', rv: 'CKR_DEVICE_ERROR' });  // or unplug: true / crash: true
//   spawn('pkcs11-tool', [...], { env: keys.env });              // child processes see the same keys
//   await keys.cleanup();                                        // in afterAll
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  addCertificate,
  caCertificatePath,
  generateKeyPairOnly,
  initKey,
  injectFault,
  modulePath,
  plug,
  setLatency,
  status,
  unplug,
  writeRawCertificateObject,
  type AddCertificateOptions,
  type FaultOptions,
  type InitKeyOptions,
  type InitKeyResult,
  type KeyStatus,
  type ObjectId,
  type ProvisionedCertificate,
  type Sm2Vendor,
} from '../../native/vusbkey/control/vusbkey';

export type VirtualKeyHome = {
  /** The temp VUSBKEY_HOME. */
  home: string;
  /** Absolute path of libvusbkey.so (built if missing). */
  modulePath: string;
  /** The test CA certificate (PEM) that issues holder certificates; exists after the first initKey. */
  caPath: string;
  /** process.env plus VUSBKEY_HOME, for child processes (pkcs11-tool, token hosts). */
  env: NodeJS.ProcessEnv;
  /** New key, plugged; defaults: label YiKey-Demo, PIN 123456, SO PIN 12345678, rsa-2048, CN 张三. */
  initKey(options?: InitKeyOptions): Promise<InitKeyResult>;
  /** Second key pair + certificate on an existing key (e.g. purpose 'encrypt'). */
  addCertificate(
    label: string,
    options?: Omit<AddCertificateOptions, 'label'>,
  ): Promise<ProvisionedCertificate>;
  plug(label?: string): Promise<void>;
  unplug(label?: string): Promise<void>;
  /** Delay every call of `op` ('*' = all) on the key; ms 0 clears. */
  setLatency(label: string, options: { op: string; ms: number }): Promise<void>;
  /** One-shot fault on the next call of `op`: exactly one of rv, unplug, crash. */
  injectFault(label: string, options: Omit<FaultOptions, 'label'>): Promise<void>;
  status(): Promise<KeyStatus[]>;
  /** A certificate object with any CKA_VALUE (e.g. garbage); id as bytes or hex. */
  writeRawCertificateObject(
    label: string,
    object: { id: ObjectId; label: string; value: Buffer; pin?: string },
  ): Promise<void>;
  /** A key pair with no certificate; id as bytes or hex; SM2 in the key's numbering (else `vendor`). */
  generateKeyPairOnly(
    label: string,
    object: {
      id: ObjectId;
      label: string;
      pin?: string;
      algorithm?: 'rsa-2048' | 'p-256' | 'sm2';
      vendor?: Sm2Vendor;
    },
  ): Promise<void>;
  /** Removes the home and everything in it. */
  cleanup(): Promise<void>;
};

export async function createVirtualKeyHome(): Promise<VirtualKeyHome> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'yikey-vusbkey-'));
  return {
    home,
    modulePath: modulePath(),
    caPath: caCertificatePath(home),
    env: { ...process.env, VUSBKEY_HOME: home },
    initKey: (options = {}) => initKey(home, options),
    addCertificate: (label, options = {}) => addCertificate(home, { ...options, label }),
    plug: async (label) => plug(home, label),
    unplug: async (label) => unplug(home, label),
    setLatency: async (label, options) => setLatency(home, { ...options, label }),
    injectFault: async (label, options) => injectFault(home, { ...options, label }),
    status: async () => status(home),
    writeRawCertificateObject: (label, object) => writeRawCertificateObject(home, label, object),
    generateKeyPairOnly: (label, object) => generateKeyPairOnly(home, label, object),
    cleanup: async () => rmSync(home, { recursive: true, force: true }),
  };
}
