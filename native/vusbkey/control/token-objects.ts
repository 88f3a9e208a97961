// Objects on a SoftHSM token: key pairs generated on the token (the private key never
// leaves it) and X.509 certificate objects next to them, linked by CKA_ID.
import { createPublicKey, randomBytes } from 'node:crypto';
import { x509 } from './x509-runtime';
import pkcs11js from 'pkcs11js';

import type { TokenSession } from './softhsm-direct';
import type { CertificatePurpose } from './test-ca';

export type KeyAlgorithm = 'rsa-2048' | 'p-256';
export type GeneratedKeyPair = { id: Buffer; spki: Buffer };

const p256Params = Buffer.from('06082a8648ce3d030107', 'hex'); // OID 1.2.840.10045.3.1.7
const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/** A CKA_ID of 8-20 random bytes, as issued tokens use. */
export const randomObjectId = (): Buffer => randomBytes(8 + (randomBytes(1)[0]! % 13));

export function generateKeyPairOnToken(
  { lib, session }: TokenSession,
  options: { id: Buffer; label: string; algorithm: KeyAlgorithm; purpose: CertificatePurpose },
): GeneratedKeyPair {
  const signing = options.purpose === 'sign';
  const isRsa = options.algorithm === 'rsa-2048';
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: options.id },
    { type: pkcs11js.CKA_LABEL, value: options.label },
  ];
  const publicTemplate = [
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: signing },
    ...(isRsa
      ? [
          { type: pkcs11js.CKA_ENCRYPT, value: !signing },
          { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
          { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ]
      : [{ type: pkcs11js.CKA_EC_PARAMS, value: p256Params }]),
  ];
  const privateTemplate = [
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: signing },
    ...(isRsa
      ? [{ type: pkcs11js.CKA_DECRYPT, value: !signing }]
      : [{ type: pkcs11js.CKA_DERIVE, value: !signing }]),
  ];
  const mechanism = { mechanism: isRsa ? pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN };
  const keys = lib.C_GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate);
  return { id: options.id, spki: readPublicKeySpki({ lib, session }, keys.publicKey, options.algorithm) };
}

function readPublicKeySpki(
  { lib, session }: TokenSession,
  handle: pkcs11js.Handle,
  algorithm: KeyAlgorithm,
): Buffer {
  if (algorithm === 'rsa-2048') {
    const [modulus, exponent] = lib.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_MODULUS },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT },
    ]);
    const jwk = {
      kty: 'RSA',
      n: base64url(modulus!.value as Buffer),
      e: base64url(exponent!.value as Buffer),
    };
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  }
  const [point] = lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_EC_POINT }]);
  // CKA_EC_POINT is a DER OCTET STRING (04 41) around the uncompressed point 04 || X || Y.
  const raw = (point!.value as Buffer).subarray(-65);
  const jwk = { kty: 'EC', crv: 'P-256', x: base64url(raw.subarray(1, 33)), y: base64url(raw.subarray(33)) };
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}

/** Stores a certificate object; `value` may be anything, so tests can store garbage too. */
export function writeCertificateObject(
  { lib, session }: TokenSession,
  object: { id: Buffer; label: string; value: Buffer },
): void {
  const template: pkcs11js.Template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: object.id },
    { type: pkcs11js.CKA_LABEL, value: object.label },
    { type: pkcs11js.CKA_VALUE, value: object.value },
  ];
  const parsed = tryParseCertificate(object.value);
  if (parsed) {
    template.push(
      { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(parsed.subjectName.toArrayBuffer()) },
      { type: pkcs11js.CKA_ISSUER, value: Buffer.from(parsed.issuerName.toArrayBuffer()) },
      { type: pkcs11js.CKA_SERIAL_NUMBER, value: derInteger(Buffer.from(parsed.serialNumber, 'hex')) },
    );
  } else {
    // SoftHSM insists on CKA_SUBJECT for X.509 objects; an empty Name lets garbage through.
    template.push({ type: pkcs11js.CKA_SUBJECT, value: Buffer.from([0x30, 0x00]) });
  }
  lib.C_CreateObject(session, template);
}

function tryParseCertificate(value: Buffer): x509.X509Certificate | undefined {
  try {
    return new x509.X509Certificate(value);
  } catch {
    return undefined;
  }
}

/** CKA_SERIAL_NUMBER holds the DER encoding of the INTEGER, not just its bytes. */
function derInteger(bytes: Buffer): Buffer {
  const content = bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, content.length]), content]);
}
