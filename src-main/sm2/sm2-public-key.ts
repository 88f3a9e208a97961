// The SM2 public point of a certificate's SubjectPublicKeyInfo (an id-ecPublicKey on the SM2
// curve, uncompressed 04 ‖ x ‖ y as GM/T 0009 §7.1 and RFC 5480 carry it).
import type { Certificate } from '@peculiar/asn1-x509';
import { bytesToBigInt, isOnSm2Curve, type Sm2Point } from './sm2-curve';

export function sm2PublicPoint(certificate: Certificate): Sm2Point {
  return sm2PointFromEncoded(
    new Uint8Array(certificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
  );
}

export function sm2PointFromEncoded(encoded: Uint8Array): Sm2Point {
  if (encoded.byteLength !== 65 || encoded[0] !== 0x04) {
    throw new RangeError('an SM2 public key must be an uncompressed point (65 bytes starting 04)');
  }
  const point = { x: bytesToBigInt(encoded.subarray(1, 33)), y: bytesToBigInt(encoded.subarray(33)) };
  if (!isOnSm2Curve(point)) throw new RangeError('the SM2 public key is not a point on the SM2 curve');
  return point;
}
