// SM2-with-SM3 in the page, for SOF_VerifySignedData: WebCrypto has neither SM2 nor SM3, and a
// browser's would not use the default user ID anyway. e = SM3(Z ‖ M) with Z of the certificate's
// key and ID 1234567812345678 (GM/T 0009 §10), then GM/T 0003.2 verification on e. The curve
// arithmetic and SM3 are src-main/sm2's pure, Buffer-free files (the only src-main code the SDK
// may import, eslint.config.js); the DER around them is read with the shim's own reader.
import {
  bytesToBigInt,
  coordinateBytes,
  sm2CurveBytes,
  sm2VerifyDigest,
  type Sm2Point,
} from '../../sm2/sm2-curve';
import { sm3Pure } from '../../sm2/sm3';
import { child, decodeOid, parseDer, tags } from './der-reader';

const oids = {
  ecPublicKey: '1.2.840.10045.2.1',
  sm2Curve: '1.2.156.10197.1.301',
};

/** ASCII, built without TextEncoder: the shim may load where only the page's own globals exist. */
const defaultUserId = Uint8Array.from('1234567812345678', (character) => character.charCodeAt(0));

function concat(...parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** True for an id-ecPublicKey on the SM2 curve, or a key named by the bare SM2 OID. */
export function isSm2PublicKey(spki: Uint8Array): boolean {
  const algorithm = child(parseDer(spki), 0, tags.sequence);
  const keyOid = decodeOid(child(algorithm, 0, tags.oid).value);
  if (keyOid === oids.sm2Curve) return true;
  return keyOid === oids.ecPublicKey && decodeOid(child(algorithm, 1, tags.oid).value) === oids.sm2Curve;
}

function publicPoint(spki: Uint8Array): Sm2Point {
  const bits = child(parseDer(spki), 1, tags.bitString).value;
  // BIT STRING: no unused bits, then the uncompressed point 04 ‖ x ‖ y.
  if (bits.length !== 66 || bits[0] !== 0 || bits[1] !== 0x04) throw new Error('not an SM2 point');
  return { x: bytesToBigInt(bits.subarray(2, 34)), y: bytesToBigInt(bits.subarray(34)) };
}

/** A DER INTEGER's value as a positive bigint; a negative or padded one is refused. */
function positiveInteger(value: Uint8Array): bigint {
  if (value.length === 0 || value[0]! & 0x80) throw new Error('not a positive INTEGER');
  if (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) throw new Error('INTEGER not minimal');
  return bytesToBigInt(value);
}

/** SM3 of `data`, as the CAdES messageDigest of an SM2 signature carries it. */
export function sm3(data: Uint8Array): Uint8Array {
  return sm3Pure(data);
}

/** Whether `signatureDer` (SEQUENCE { r, s }) signs `message` under the SM2 key of `spki`. */
export function verifySm2Signature(spki: Uint8Array, message: Uint8Array, signatureDer: Uint8Array): boolean {
  const point = publicPoint(spki);
  const sequence = parseDer(signatureDer);
  if (sequence.tag !== tags.sequence || sequence.bytes.length !== signatureDer.length) return false;
  const r = positiveInteger(child(sequence, 0, tags.integer).value);
  const s = positiveInteger(child(sequence, 1, tags.integer).value);
  const bits = defaultUserId.length * 8;
  const curve = sm2CurveBytes();
  const z = sm3Pure(
    concat(
      Uint8Array.of(bits >> 8, bits & 0xff),
      defaultUserId,
      curve.a,
      curve.b,
      curve.gx,
      curve.gy,
      coordinateBytes(point.x),
      coordinateBytes(point.y),
    ),
  );
  return sm2VerifyDigest(sm3Pure(concat(z, message)), r, s, point);
}
