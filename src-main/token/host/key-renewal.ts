// Token operations for certificate renewal (issue 8): a new key pair like the current one,
// the issued certificate written under the new key's CKA_ID, and the old key retired. Each is
// idempotent, because the lifecycle journal may repeat a step after a crash: a key pair that
// already exists under the new CKA_ID is returned, never generated twice; a certificate already
// written is not written again.
import pkcs11js from './pkcs11-addon';
import { YiKeyError } from '../../contract/yikey-error';
import type { HostParams, HostResult, TokenPublicKey } from '../host-protocol';
import { knownSm2Numberings, numberingsForKeyType, sm2CurveParameters } from '../sm2-numberings';
import { findObjects } from './object-search';

type Library = pkcs11js.PKCS11;

function attribute(library: Library, session: Buffer, object: Buffer, type: number): Buffer {
  const [value] = library.C_GetAttributeValue(session, object, [{ type }]);
  return (value?.value as Buffer | undefined) ?? Buffer.alloc(0);
}

function objectsWithId(library: Library, session: Buffer, objectClass: number, keyId: string): Buffer[] {
  return findObjects(library, session, [
    { type: pkcs11js.CKA_CLASS, value: objectClass },
    { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
  ]);
}

function onlyObject(
  library: Library,
  session: Buffer,
  objectClass: number,
  keyId: string,
  what: string,
): Buffer {
  const found = objectsWithId(library, session, objectClass, keyId);
  if (found.length !== 1 || !found[0])
    throw new YiKeyError('key-not-found', `Expected one ${what} with id ${keyId}, found ${found.length}`);
  return found[0];
}

/** The private key's CKA_KEY_TYPE, and whether it is SM2 (a vendor CKK, or CKK_EC on the SM2 curve). */
function keyTypeOf(library: Library, session: Buffer, privateKey: Buffer): { keyType: number; sm2: boolean } {
  const keyType = attribute(library, session, privateKey, pkcs11js.CKA_KEY_TYPE).readUInt32LE(0);
  const ecParams =
    keyType === pkcs11js.CKK_EC
      ? new Uint8Array(attribute(library, session, privateKey, pkcs11js.CKA_EC_PARAMS))
      : null;
  return { keyType, sm2: numberingsForKeyType(keyType, ecParams) !== null };
}

/** The public half, read from the public key object (or, for RSA, the private key's public attributes). */
export function readPublicKey(library: Library, session: Buffer, keyId: string): TokenPublicKey {
  const privateKey = onlyObject(library, session, pkcs11js.CKO_PRIVATE_KEY, keyId, 'private key');
  const { keyType, sm2 } = keyTypeOf(library, session, privateKey);
  const [publicKey] = objectsWithId(library, session, pkcs11js.CKO_PUBLIC_KEY, keyId);
  if (keyType === pkcs11js.CKK_RSA) {
    const source = publicKey ?? privateKey;
    return {
      type: 'RSA',
      modulus: new Uint8Array(attribute(library, session, source, pkcs11js.CKA_MODULUS)),
      publicExponent: new Uint8Array(attribute(library, session, source, pkcs11js.CKA_PUBLIC_EXPONENT)),
    };
  }
  // An SM2 public key is an EC point on the SM2 curve, whatever CKK the vendor gives it.
  if (keyType === pkcs11js.CKK_EC || sm2) {
    if (!publicKey) throw new YiKeyError('key-not-found', `No public key object with id ${keyId}`);
    return {
      type: 'EC',
      ecParams: new Uint8Array(attribute(library, session, publicKey, pkcs11js.CKA_EC_PARAMS)),
      ecPoint: new Uint8Array(attribute(library, session, publicKey, pkcs11js.CKA_EC_POINT)),
    };
  }
  throw new YiKeyError(
    'mechanism-unsupported',
    `Key ${keyId} has a key type YiKey cannot renew (${keyType})`,
  );
}

/**
 * C_GenerateKeyPair with the algorithm and size of the current key, under `newKeyId`: private,
 * sensitive, never extractable, on the token. If a key pair with that id exists (a step
 * repeated after a crash), it is returned instead.
 */
export function generateKeyPairLike(
  library: Library,
  session: Buffer,
  { basedOnKeyId, algorithm, newKeyId, label }: HostParams<'generateRenewalKeyPair'>,
): HostResult<'generateRenewalKeyPair'> {
  if (objectsWithId(library, session, pkcs11js.CKO_PRIVATE_KEY, newKeyId).length > 0)
    return { publicKey: readPublicKey(library, session, newKeyId), generated: false };
  const current = basedOnKeyId
    ? readPublicKey(library, session, basedOnKeyId)
    : freshKeySpec(library, session, algorithm);
  const id = Buffer.from(newKeyId, 'hex');
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: label },
  ];
  const privateTemplate = [
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
  ];
  const publicTemplate = [
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: true },
  ];
  if (current.type === 'RSA') {
    // A signing key only signs: some tokens default RSA keys to decrypt/unwrap as well.
    privateTemplate.push(
      { type: pkcs11js.CKA_DECRYPT, value: false },
      { type: pkcs11js.CKA_UNWRAP, value: false },
    );
    library.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        ...publicTemplate,
        { type: pkcs11js.CKA_ENCRYPT, value: false },
        { type: pkcs11js.CKA_WRAP, value: false },
        { type: pkcs11js.CKA_MODULUS_BITS, value: modulusBits(current.modulus) },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from(current.publicExponent) },
      ],
      privateTemplate,
    );
  } else if (current.type === 'SM2' || (basedOnKeyId && isSm2Key(library, session, basedOnKeyId))) {
    const keyType = basedOnKeyId ? privateKeyTypeOf(library, session, basedOnKeyId) : undefined;
    generateSm2KeyPair(library, session, keyType, publicTemplate, privateTemplate);
  } else {
    library.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [...publicTemplate, { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(current.ecParams) }],
      privateTemplate,
    );
  }
  return { publicKey: readPublicKey(library, session, newKeyId), generated: true };
}

/** A re-issue has no current key to copy: RSA-2048 (e = 65537), or SM2 when asked or when the token makes no RSA keys. */
function freshKeySpec(
  library: Library,
  session: Buffer,
  algorithm: HostParams<'generateRenewalKeyPair'>['algorithm'],
): TokenPublicKey | { type: 'SM2' } {
  const rsa: TokenPublicKey = {
    type: 'RSA',
    modulus: new Uint8Array([0x80, ...new Uint8Array(255)]),
    publicExponent: new Uint8Array([0x01, 0x00, 0x01]),
  };
  if (algorithm === 'RSA-2048') return rsa;
  if (algorithm === 'SM2') return { type: 'SM2' };
  return tokenMechanisms(library, session).has(pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN) ? rsa : { type: 'SM2' };
}

function tokenMechanisms(library: Library, session: Buffer): Set<number> {
  try {
    return new Set(library.C_GetMechanismList(library.C_GetSessionInfo(session).slotID));
  } catch {
    return new Set();
  }
}

function privateKeyTypeOf(library: Library, session: Buffer, keyId: string): number {
  const privateKey = onlyObject(library, session, pkcs11js.CKO_PRIVATE_KEY, keyId, 'private key');
  return keyTypeOf(library, session, privateKey).keyType;
}

function isSm2Key(library: Library, session: Buffer, keyId: string): boolean {
  const privateKey = onlyObject(library, session, pkcs11js.CKO_PRIVATE_KEY, keyId, 'private key');
  return keyTypeOf(library, session, privateKey).sm2;
}

/**
 * An SM2 key pair of the current key's CKA_KEY_TYPE (for a re-issue, with no current key: the
 * key type of a vendor numbering whose key-pair mechanism the token lists, else CKK_EC): the
 * vendor's key-pair mechanism from the table when the token lists it, else CKM_EC_KEY_PAIR_GEN on
 * the SM2 curve (what GM tokens that speak CKK_EC accept). A mechanism the token refuses is
 * skipped for the next one.
 */
function generateSm2KeyPair(
  library: Library,
  session: Buffer,
  currentKeyType: number | undefined,
  publicTemplate: pkcs11js.Template,
  privateTemplate: pkcs11js.Template,
): void {
  const listed = tokenMechanisms(library, session);
  const usable = knownSm2Numberings().filter(
    (numbering) =>
      numbering.keyPairGeneration !== undefined &&
      listed.has(numbering.keyPairGeneration) &&
      (currentKeyType === undefined || numbering.keyType === currentKeyType),
  );
  const candidates: { mechanism: number; keyType: number }[] = [
    ...usable.map((numbering) => ({ mechanism: numbering.keyPairGeneration!, keyType: numbering.keyType })),
    { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN, keyType: currentKeyType ?? pkcs11js.CKK_EC },
  ];
  const sm2Curve = { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(sm2CurveParameters) };
  for (const [index, { mechanism, keyType }] of candidates.entries()) {
    const typed = (template: pkcs11js.Template): pkcs11js.Template => [
      ...template,
      { type: pkcs11js.CKA_KEY_TYPE, value: keyType },
    ];
    try {
      library.C_GenerateKeyPair(
        session,
        { mechanism },
        typed([...publicTemplate, sm2Curve]),
        typed(privateTemplate),
      );
      return;
    } catch (error) {
      const refused = /CKR_MECHANISM_INVALID|CKR_TEMPLATE_INCONSISTENT|CKR_KEY_TYPE_INCONSISTENT/;
      if (index === candidates.length - 1 || !refused.test(String(error))) throw error;
    }
  }
}

function modulusBits(modulus: Uint8Array): number {
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  if (start === modulus.length) return 0;
  return (modulus.length - start - 1) * 8 + (32 - Math.clz32(modulus[start]!));
}

/** C_CreateObject of an X.509 certificate under the key's CKA_ID; nothing if it is already there. */
export function writeCertificate(
  library: Library,
  session: Buffer,
  { keyId, label, value, subject, issuer, serialNumber }: HostParams<'writeCertificate'>,
): HostResult<'writeCertificate'> {
  onlyObject(library, session, pkcs11js.CKO_PRIVATE_KEY, keyId, 'private key');
  for (const existing of objectsWithId(library, session, pkcs11js.CKO_CERTIFICATE, keyId)) {
    if (attribute(library, session, existing, pkcs11js.CKA_VALUE).equals(Buffer.from(value)))
      return { written: false };
  }
  library.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(subject) },
    { type: pkcs11js.CKA_ISSUER, value: Buffer.from(issuer) },
    { type: pkcs11js.CKA_SERIAL_NUMBER, value: Buffer.from(serialNumber) },
    { type: pkcs11js.CKA_VALUE, value: Buffer.from(value) },
  ]);
  return { written: true };
}

/** C_DestroyObject of the private key, public key and certificates with this CKA_ID. */
export function deleteKeyObjects(
  library: Library,
  session: Buffer,
  { keyId }: HostParams<'deleteKeyObjects'>,
): HostResult<'deleteKeyObjects'> {
  let deleted = 0;
  for (const objectClass of [pkcs11js.CKO_CERTIFICATE, pkcs11js.CKO_PUBLIC_KEY, pkcs11js.CKO_PRIVATE_KEY]) {
    for (const object of objectsWithId(library, session, objectClass, keyId)) {
      library.C_DestroyObject(session, object);
      deleted++;
    }
  }
  return { deleted };
}
