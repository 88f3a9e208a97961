// The CA's PKCS#11 token: SoftHSM with its own configuration and token folder under the data
// folder, as a real CA's key lives in an HSM. On first start it initialises a token, generates
// the CA key pair (private, sensitive, never extractable) and an AES key that seals secrets
// kept in the database (authorisation codes, the holders' SO PINs). Nothing leaves the token
// but signatures and sealed bytes.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pkcs11js from 'pkcs11js';

import { modulePath, softhsmLibraryPath } from '../../../native/vusbkey/control/paths';
import type { SecretSealer } from '../store/authorisation-codes';
import type { CaKeyAlgorithm } from './ca-key-algorithm';
import { sm2CaTokenFolder, sm2CaTokenLabel } from './sm2-ca-token';

const tokenLabel = 'YiKey backend CA';
const caKeyLabel = 'ca-signing-key';
const sealKeyLabel = 'secret-sealing-key';

export class CaToken implements SecretSealer {
  private constructor(
    private readonly lib: pkcs11js.PKCS11,
    private readonly session: pkcs11js.Handle,
    private readonly keys: { caPrivate: pkcs11js.Handle; caPublic: pkcs11js.Handle; seal: pkcs11js.Handle },
    readonly algorithm: CaKeyAlgorithm,
  ) {}

  /** Opens the token under `dataDir/ca-token`, creating the token and its keys the first time. */
  static open(dataDir: string, algorithm: CaKeyAlgorithm): CaToken {
    const { lib, pinFile, label } =
      algorithm.tokenKind === 'vusbkey' ? loadVirtualKey(dataDir) : loadSoftHsm(dataDir);
    try {
      if (!existsSync(pinFile)) initialiseToken(lib, pinFile);
      const slot = lib
        .C_GetSlotList(true)
        .find((candidate) => trim(lib.C_GetTokenInfo(candidate).label) === label);
      if (!slot) throw new Error(`the CA token "${label}" is missing in ${path.dirname(pinFile)}`);
      const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      lib.C_Login(session, pkcs11js.CKU_USER, readFileSync(pinFile, 'utf8').trim());
      const keys =
        findKeys(lib, session) ??
        (() => {
          generateKeys(lib, session, algorithm);
          return findKeys(lib, session)!;
        })();
      return new CaToken(lib, session, keys, algorithm);
    } catch (error) {
      lib.C_Finalize();
      throw error;
    }
  }

  sign(data: Buffer): Buffer {
    return this.algorithm.sign(this.lib, this.session, this.keys.caPrivate, data, this.keys.caPublic);
  }

  signDigest(sha256Digest: Buffer): Buffer {
    return this.algorithm.signDigest(this.lib, this.session, this.keys.caPrivate, sha256Digest);
  }

  publicKeySpki(): Buffer {
    return this.algorithm.spki(this.lib, this.session, this.keys.caPublic);
  }

  seal(plain: Buffer): Buffer {
    const iv = randomBytes(16);
    this.lib.C_EncryptInit(
      this.session,
      { mechanism: pkcs11js.CKM_AES_CBC_PAD, parameter: iv },
      this.keys.seal,
    );
    const sealed = this.lib.C_Encrypt(this.session, plain, Buffer.alloc(plain.length + 32));
    return Buffer.concat([iv, sealed]);
  }

  unseal(sealed: Buffer): Buffer {
    const iv = sealed.subarray(0, 16);
    this.lib.C_DecryptInit(
      this.session,
      { mechanism: pkcs11js.CKM_AES_CBC_PAD, parameter: iv },
      this.keys.seal,
    );
    return this.lib.C_Decrypt(this.session, sealed.subarray(16), Buffer.alloc(sealed.length));
  }

  close(): void {
    try {
      this.lib.C_CloseSession(this.session);
    } finally {
      this.lib.C_Finalize();
    }
  }
}

type LoadedModule = { lib: pkcs11js.PKCS11; pinFile: string; label: string };

/** SoftHSM with its own configuration under `dataDir/ca-token` (P-256). */
function loadSoftHsm(dataDir: string): LoadedModule {
  const folder = path.join(dataDir, 'ca-token');
  const conf = path.join(folder, 'softhsm2.conf');
  if (!existsSync(conf)) {
    mkdirSync(path.join(folder, 'tokens'), { recursive: true, mode: 0o700 });
    writeFileSync(
      conf,
      `directories.tokendir = ${path.join(folder, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
      { mode: 0o600 },
    );
  }
  // SoftHSM reads SOFTHSM2_CONF in C_Initialize; this process talks to no other SoftHSM.
  process.env.SOFTHSM2_CONF = conf;
  const lib = new pkcs11js.PKCS11();
  lib.load(softhsmLibraryPath());
  lib.C_Initialize();
  return { lib, pinFile: path.join(folder, 'user-pin'), label: tokenLabel };
}

/** The virtual USBKEY made by ensureSm2CaToken (SM2): the module reads VUSBKEY_HOME in C_Initialize. */
function loadVirtualKey(dataDir: string): LoadedModule {
  const folder = sm2CaTokenFolder(dataDir);
  const pinFile = path.join(folder, 'user-pin');
  if (!existsSync(pinFile)) throw new Error(`the SM2 CA token in ${folder} is not provisioned`);
  process.env.VUSBKEY_HOME = folder;
  const lib = new pkcs11js.PKCS11();
  lib.load(modulePath());
  lib.C_Initialize();
  return { lib, pinFile, label: sm2CaTokenLabel };
}

const trim = (text: string): string => text.replace(/[\s\0]+$/, '');

/** A fresh token with random PINs; the user PIN goes to a 0600 file (see README: simplified). */
function initialiseToken(lib: pkcs11js.PKCS11, pinFile: string): void {
  const slot = lib
    .C_GetSlotList(false)
    .find((candidate) => !(lib.C_GetTokenInfo(candidate).flags & pkcs11js.CKF_TOKEN_INITIALIZED));
  if (slot === undefined) throw new Error('SoftHSM has no free slot for the CA token');
  const soPin = randomBytes(12).toString('hex');
  const userPin = randomBytes(12).toString('hex');
  lib.C_InitToken(slot, soPin, tokenLabel.padEnd(32));
  const initialised = lib
    .C_GetSlotList(true)
    .find((candidate) => trim(lib.C_GetTokenInfo(candidate).label) === tokenLabel)!;
  const session = lib.C_OpenSession(initialised, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_SO, soPin);
    lib.C_InitPIN(session, userPin);
    lib.C_Logout(session);
  } finally {
    lib.C_CloseSession(session);
  }
  writeFileSync(pinFile, userPin, { mode: 0o600 });
}

function findOne(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  template: pkcs11js.Template,
): pkcs11js.Handle | undefined {
  lib.C_FindObjectsInit(session, template);
  try {
    return lib.C_FindObjects(session, 1)[0];
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function findKeys(lib: pkcs11js.PKCS11, session: pkcs11js.Handle) {
  const caPrivate = findOne(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_LABEL, value: caKeyLabel },
  ]);
  const caPublic = findOne(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    { type: pkcs11js.CKA_LABEL, value: caKeyLabel },
  ]);
  const seal = findOne(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_LABEL, value: sealKeyLabel },
  ]);
  return caPrivate && caPublic && seal ? { caPrivate, caPublic, seal } : undefined;
}

function generateKeys(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, algorithm: CaKeyAlgorithm): void {
  const id = randomBytes(8);
  lib.C_GenerateKeyPair(
    session,
    algorithm.generation.mechanism,
    [
      ...algorithm.generation.publicTemplate,
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_LABEL, value: caKeyLabel },
      { type: pkcs11js.CKA_ID, value: id },
    ],
    [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_LABEL, value: caKeyLabel },
      { type: pkcs11js.CKA_ID, value: id },
    ],
  );
  lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
    { type: pkcs11js.CKA_LABEL, value: sealKeyLabel },
  ]);
}
