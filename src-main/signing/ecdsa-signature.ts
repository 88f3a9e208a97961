// PKCS#11 CKM_ECDSA returns r||s (each the size of the curve order); CMS and X.509 carry
// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2 / RFC 3279).
import { AsnConvert, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

class EcdsaSigValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  public r = 0n;

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  public s = 0n;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.byteLength === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function toFixedBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError(`ECDSA integer does not fit in ${length} bytes`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function ecdsaRawToDer(rawRS: Uint8Array): Uint8Array {
  if (rawRS.byteLength === 0 || rawRS.byteLength % 2 !== 0) {
    throw new RangeError(`raw ECDSA signature must be r||s of equal halves, got ${rawRS.byteLength} bytes`);
  }
  const half = rawRS.byteLength / 2;
  const value = new EcdsaSigValue();
  value.r = toBigInt(rawRS.subarray(0, half));
  value.s = toBigInt(rawRS.subarray(half));
  if (value.r === 0n || value.s === 0n) throw new RangeError('raw ECDSA signature has a zero r or s');
  return new Uint8Array(AsnConvert.serialize(value));
}

/** componentLength: bytes per integer, i.e. the curve order size (32 for P-256). */
export function derEcdsaToRaw(der: Uint8Array, componentLength: number): Uint8Array {
  const value = AsnConvert.parse(der, EcdsaSigValue);
  if (value.r <= 0n || value.s <= 0n) throw new RangeError('ECDSA signature has a non-positive r or s');
  const raw = new Uint8Array(componentLength * 2);
  raw.set(toFixedBytes(value.r, componentLength), 0);
  raw.set(toFixedBytes(value.s, componentLength), componentLength);
  return raw;
}
