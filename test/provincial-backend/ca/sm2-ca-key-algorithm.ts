// An SM2 CA key (GM/T 0003 with SM3, as a Chinese provincial CA signs holder certificates), on a
// virtual USBKEY: SoftHSM has no SM2, the vusbkey module does (native/vusbkey, "SM2"). The CA's
// token speaks the Longmai numbering; the backend computes e = SM3(Z ‖ TBS) with the CA key's Z
// and the default user ID and signs e with the raw CKM_SM2, as YiKey does with a holder's key.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import pkcs11js from 'pkcs11js';

import { OID_SM2_WITH_SM3, sm2SignedDigest } from '../../../src-main/cmp/index';
import type { CaKeyAlgorithm } from './ca-key-algorithm';

/** DER OBJECT IDENTIFIER 1.2.156.10197.1.301 (the SM2 curve) for CKA_EC_PARAMS. */
const sm2CurveParams = Buffer.from('06082a811ccf5501822d', 'hex');
const sm2SpkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** Longmai CKM_SM2: e in, r ‖ s out (native/pkcs11-modules.json, read from libgm3000_pkcs11.so). */
const CKM_SM2_LONGMAI = 0x83000000;

/** DER SEQUENCE { r, s } from r ‖ s: the same shape as an ECDSA-Sig-Value. */
function rsToDer(raw: Buffer): Buffer {
  const asInteger = (half: Buffer): ArrayBuffer => {
    const start = half.findIndex((byte) => byte !== 0);
    const trimmed = half.subarray(start < 0 ? half.length - 1 : start);
    const value = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return new Uint8Array(value).buffer;
  };
  const signature = new ECDSASigValue({ r: asInteger(raw.subarray(0, 32)), s: asInteger(raw.subarray(32)) });
  return Buffer.from(AsnConvert.serialize(signature));
}

export const sm2Sm3: CaKeyAlgorithm = {
  name: 'SM2 / SM3',
  tokenKind: 'vusbkey',
  generation: {
    mechanism: { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    publicTemplate: [{ type: pkcs11js.CKA_EC_PARAMS, value: sm2CurveParams }],
  },
  signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SM2_WITH_SM3 }),
  cmpKeyAlgorithm: 'SM2',
  sign(lib, session, privateKey, data, publicKey) {
    const e = sm2SignedDigest(this.spki(lib, session, publicKey), data);
    return this.signDigest(lib, session, privateKey, Buffer.from(e));
  },
  /** Here the digest is e = SM3(Z ‖ M), never a SHA-256: SM2 protection goes through sign(). */
  signDigest(lib, session, privateKey, digest) {
    lib.C_SignInit(session, { mechanism: CKM_SM2_LONGMAI }, privateKey);
    return rsToDer(lib.C_Sign(session, digest, Buffer.alloc(64)));
  },
  spki(lib, session, publicKey) {
    const [point] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const der = point!.value as Buffer;
    const uncompressed = der.length === 67 && der[0] === 0x04 ? der.subarray(2) : der;
    return Buffer.concat([sm2SpkiPrefix, uncompressed]);
  },
};
