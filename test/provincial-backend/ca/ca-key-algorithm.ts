// How the CA's key is made and used on the token: P-256 ECDSA with SHA-256 on SoftHSM (here), or
// SM2 with SM3 on a virtual USBKEY (sm2-ca-key-algorithm.ts): its key-generation templates, its
// AlgorithmIdentifier and its sign step.
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import pkcs11js from 'pkcs11js';

export type CaKeyAlgorithm = {
  name: string;
  /** Where the key lives: SoftHSM directly, or a virtual USBKEY (SM2, which SoftHSM lacks). */
  tokenKind: 'softhsm' | 'vusbkey';
  /** Mechanism and public-key template attributes specific to the algorithm. */
  generation: { mechanism: pkcs11js.Mechanism; publicTemplate: pkcs11js.Template };
  /** The AlgorithmIdentifier placed in certificates and CRLs this CA signs. */
  signatureAlgorithm: AlgorithmIdentifier;
  /** The signature value (as placed in the BIT STRING) over `data`, made on the token. */
  sign(
    lib: pkcs11js.PKCS11,
    session: pkcs11js.Handle,
    privateKey: pkcs11js.Handle,
    data: Buffer,
    /** SM2 needs the public point for Z. */
    publicKey: pkcs11js.Handle,
  ): Buffer;
  /** The same over a SHA-256 digest computed by the caller (CMP message protection). */
  signDigest(
    lib: pkcs11js.PKCS11,
    session: pkcs11js.Handle,
    privateKey: pkcs11js.Handle,
    digest: Buffer,
  ): Buffer;
  /** How CMP names the protection algorithm of this key (SM2 signs the message, not a digest). */
  cmpKeyAlgorithm: 'EC' | 'RSA' | 'SM2';
  /** SubjectPublicKeyInfo DER of the public key object. */
  spki(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, publicKey: pkcs11js.Handle): Buffer;
};

const prime256v1Params = Buffer.from('06082a8648ce3d030107', 'hex');
const p256SpkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export const p256Sha256: CaKeyAlgorithm = {
  name: 'ECDSA P-256 / SHA-256',
  tokenKind: 'softhsm',
  generation: {
    mechanism: { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    publicTemplate: [{ type: pkcs11js.CKA_EC_PARAMS, value: prime256v1Params }],
  },
  signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }), // ecdsa-with-SHA256
  cmpKeyAlgorithm: 'EC',
  sign(lib, session, privateKey, data) {
    return this.signDigest(lib, session, privateKey, createHash('sha256').update(data).digest());
  },
  signDigest(lib, session, privateKey, digest) {
    lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateKey);
    const raw = lib.C_Sign(session, digest, Buffer.alloc(64));
    // PKCS#11 returns r‖s; X.509 wants the DER SEQUENCE { r INTEGER, s INTEGER }.
    const asInteger = (half: Buffer): ArrayBuffer => {
      const trimmed = half.subarray(half.findIndex((byte) => byte !== 0));
      const value = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
      return new Uint8Array(value).buffer;
    };
    const signature = new ECDSASigValue({
      r: asInteger(raw.subarray(0, 32)),
      s: asInteger(raw.subarray(32)),
    });
    return Buffer.from(AsnConvert.serialize(signature));
  },
  spki(lib, session, publicKey) {
    const [point] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const der = point!.value as Buffer;
    // CKA_EC_POINT is the DER OCTET STRING around the uncompressed point (04 41 04 X Y).
    const uncompressed = der.length === 67 && der[0] === 0x04 ? der.subarray(2) : der;
    return Buffer.concat([p256SpkiPrefix, uncompressed]);
  },
};
