// One signature check for message protection and proof of possession, on both sides of CMP
// (YiKey and the reference backend). RSA and ECDSA go through node:crypto; SM2-with-SM3 through
// src-main/sm2 with the default user ID 1234567812345678, because Node's crypto (OpenSSL 3.0)
// would compute Z with an EMPTY ID and so check the wrong e (docs/sm2.md).
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { createPublicKey, verify } from 'node:crypto';
import { sm2MessageDigest, sm2Z } from '../sm2/sm2-digest';
import { sm2PointFromEncoded } from '../sm2/sm2-public-key';
import { verifySm2DerSignature } from '../sm2/sm2-signature';
import type { Sm2Point } from '../sm2/sm2-curve';
import { signatureAlgorithmByOid } from './oids';

export type CmpKeyAlgorithm = 'RSA' | 'EC' | 'SM2';

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_SM2_CURVE = '1.2.156.10197.1.301';
/** DER of the SM2 curve OID, as id-ecPublicKey's parameters carry it. */
const sm2CurveParameters = Buffer.from('06082a811ccf5501822d', 'hex');

/** The key's algorithm as CMP names protection algorithms; null when it is none of them. */
export function keyAlgorithmOfSpki(spkiDer: Uint8Array): CmpKeyAlgorithm | null {
  let spki: SubjectPublicKeyInfo;
  try {
    spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  } catch {
    return null;
  }
  const { algorithm, parameters } = spki.algorithm;
  if (algorithm === OID_RSA_ENCRYPTION) return 'RSA';
  // Some early Chinese CAs name an SM2 key by the bare curve OID.
  if (algorithm === OID_SM2_CURVE) return 'SM2';
  if (algorithm !== OID_EC_PUBLIC_KEY) return null;
  return parameters && Buffer.from(parameters).equals(sm2CurveParameters) ? 'SM2' : 'EC';
}

/** The SM2 public point of an SPKI (throws RangeError when it is not a point on the curve). */
export function sm2PointOfSpki(spkiDer: Uint8Array): Sm2Point {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  return sm2PointFromEncoded(new Uint8Array(spki.subjectPublicKey));
}

/** e = SM3(Z ‖ message) for the SM2 key in `spkiDer`, Z with the default user ID: what a raw SM2 mechanism signs. */
export function sm2SignedDigest(spkiDer: Uint8Array, message: Uint8Array): Uint8Array {
  return sm2MessageDigest(sm2Z(sm2PointOfSpki(spkiDer)), message);
}

export type SignatureCheck = 'verified' | 'bad-signature' | 'algorithm-not-accepted' | 'key-mismatch';

/** Checks `signature` over `signed` with the key in `spkiDer`, under the algorithm `oid` names. */
export function checkCmpSignature(
  oid: string,
  spkiDer: Uint8Array,
  signed: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const algorithm = signatureAlgorithmByOid[oid];
  if (!algorithm) return 'algorithm-not-accepted';
  if (keyAlgorithmOfSpki(spkiDer) !== algorithm.key) return 'key-mismatch';
  if (algorithm.key === 'SM2') {
    let point: Sm2Point;
    try {
      point = sm2PointOfSpki(spkiDer);
    } catch {
      return 'key-mismatch';
    }
    const e = sm2MessageDigest(sm2Z(point), signed);
    return verifySm2DerSignature(e, signature, point) ? 'verified' : 'bad-signature';
  }
  try {
    const key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
    return verify(algorithm.hash, signed, key, signature) ? 'verified' : 'bad-signature';
  } catch {
    return 'bad-signature';
  }
}
