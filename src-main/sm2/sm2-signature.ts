// The SM2 signature value: DER SEQUENCE { r, s } as CMS, X.509 and SOF_SignData carry it
// (GM/T 0009 §7.3), or the 64-byte r ‖ s many tokens return; and its verification on e, used
// before any SM2 signature leaves YiKey and by the verifier.
import { AsnConvert, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { bytesToBigInt, coordinateBytes, sm2VerifyDigest, type Sm2Point } from './sm2-curve';

class Sm2SignatureValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  public r = 0n;

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  public s = 0n;
}

/** False for a value that does not verify or is not a DER SM2 signature at all. */
export function verifySm2DerSignature(e: Uint8Array, signatureDer: Uint8Array, publicKey: Sm2Point): boolean {
  let value: Sm2SignatureValue;
  try {
    value = AsnConvert.parse(signatureDer, Sm2SignatureValue);
    // Strict DER: a value that re-encodes differently is not the one the signer produced.
    if (!Buffer.from(AsnConvert.serialize(value)).equals(signatureDer)) return false;
  } catch {
    return false;
  }
  return sm2VerifyDigest(e, value.r, value.s, publicKey);
}

/** r ‖ s (32 bytes each) → DER; throws on any other length or a zero r or s. */
export function sm2RawToDer(raw: Uint8Array): Uint8Array {
  if (raw.byteLength !== 64) throw new RangeError(`an SM2 r ‖ s is 64 bytes, got ${raw.byteLength}`);
  const value = new Sm2SignatureValue();
  value.r = bytesToBigInt(raw.subarray(0, 32));
  value.s = bytesToBigInt(raw.subarray(32));
  if (value.r === 0n || value.s === 0n) throw new RangeError('an SM2 signature has a zero r or s');
  return new Uint8Array(AsnConvert.serialize(value));
}

/** DER → r ‖ s; throws when the bytes are not a DER SEQUENCE of two positive 256-bit integers. */
export function sm2DerToRaw(der: Uint8Array): Uint8Array {
  const value = AsnConvert.parse(der, Sm2SignatureValue);
  const limit = 1n << 256n;
  if (value.r <= 0n || value.s <= 0n || value.r >= limit || value.s >= limit) {
    throw new RangeError('an SM2 signature holds an r or s outside 1 … 2^256 − 1');
  }
  const raw = new Uint8Array(64);
  raw.set(coordinateBytes(value.r), 0);
  raw.set(coordinateBytes(value.s), 32);
  return raw;
}
