// SM2 signature verification over the recommended curve (GM/T 0003.5 / GB/T 32918.5; constants
// as `openssl ecparam -name SM2 -param_enc explicit` prints them), on a
// precomputed e. Node's crypto can hash SM3 but cannot verify SM2 on e: crypto.verify with an
// SM2 key hashes the message itself with an EMPTY user ID (OpenSSL 3.0's default), which is
// not what Chinese CAs and tokens sign with. Verification needs only public values, so plain
// BigInt arithmetic is safe here (no secret-dependent timing to leak).
//
// The bridge SDK's SOF shim runs this file in web pages built for ES2017 (Chrome ≥ 58), some
// without BigInt: so no Buffer, no BigInt literal (a syntax error there) and no BigInt call when
// the file loads (constants are made at the first use). Without BigInt only SM2 checks fail.

interface Constants {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  zero: bigint;
  one: bigint;
  two: bigint;
  three: bigint;
  four: bigint;
  eight: bigint;
}

let made: Constants | undefined;

function constants(): Constants {
  if (!made) {
    const big = (hex: string): bigint => BigInt(`0x${hex}`);
    made = {
      p: big('fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff'),
      a: big('fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc'),
      b: big('28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93'),
      n: big('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123'),
      gx: big('32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7'),
      gy: big('bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'),
      zero: BigInt(0),
      one: BigInt(1),
      two: BigInt(2),
      three: BigInt(3),
      four: BigInt(4),
      eight: BigInt(8),
    };
  }
  return made;
}

/** The curve constants as 32-byte big-endian values, in the order Z hashes them. */
export function sm2CurveBytes(): { a: Uint8Array; b: Uint8Array; gx: Uint8Array; gy: Uint8Array } {
  const { a, b, gx, gy } = constants();
  return { a: toBytes32(a), b: toBytes32(b), gx: toBytes32(gx), gy: toBytes32(gy) };
}

export interface Sm2Point {
  x: bigint;
  y: bigint;
}

/** Jacobian coordinates (X/Z², Y/Z³): additions without a modular inverse each. */
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
}

function infinity(c: Constants): Jacobian {
  return { x: c.one, y: c.one, z: c.zero };
}

function mod(value: bigint, modulus: bigint): bigint {
  const result = value % modulus;
  return result < constants().zero ? result + modulus : result;
}

function power(base: bigint, exponent: bigint, modulus: bigint, c: Constants): bigint {
  let result = c.one;
  let factor = base;
  for (let rest = exponent; rest > c.zero; rest >>= c.one) {
    if (rest & c.one) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
  }
  return result;
}

function inverse(value: bigint, modulus: bigint, c: Constants): bigint {
  // Fermat: modulus is prime.
  return power(mod(value, modulus), modulus - c.two, modulus, c);
}

function double(point: Jacobian, c: Constants): Jacobian {
  if (point.z === c.zero || point.y === c.zero) return infinity(c);
  const { p } = c;
  const { x, y, z } = point;
  const yy = (y * y) % p;
  const s = (c.four * x * yy) % p;
  const zz = (z * z) % p;
  // a = -3 mod p on this curve: M = 3(X - Z²)(X + Z²).
  const m = mod(c.three * (x - zz) * (x + zz), p);
  const x3 = mod(m * m - c.two * s, p);
  const y3 = mod(m * (s - x3) - c.eight * yy * yy, p);
  const z3 = (c.two * y * z) % p;
  return { x: x3, y: y3, z: z3 };
}

function add(left: Jacobian, right: Jacobian, c: Constants): Jacobian {
  if (left.z === c.zero) return right;
  if (right.z === c.zero) return left;
  const { p } = c;
  const z1z1 = (left.z * left.z) % p;
  const z2z2 = (right.z * right.z) % p;
  const u1 = (left.x * z2z2) % p;
  const u2 = (right.x * z1z1) % p;
  const s1 = (left.y * right.z * z2z2) % p;
  const s2 = (right.y * left.z * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(left, c) : infinity(c);
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const v = (u1 * hh) % p;
  const x3 = mod(r * r - hhh - c.two * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = (left.z * right.z * h) % p;
  return { x: x3, y: y3, z: z3 };
}

function toAffine(point: Jacobian, c: Constants): Sm2Point | null {
  if (point.z === c.zero) return null;
  const { p } = c;
  const zInverse = inverse(point.z, p, c);
  const zz = (zInverse * zInverse) % p;
  return { x: (point.x * zz) % p, y: (point.y * zz * zInverse) % p };
}

/** [k1]P1 + [k2]P2 in one pass (Shamir's trick). */
function twoScalarMultiply(k1: bigint, p1: Sm2Point, k2: bigint, p2: Sm2Point, c: Constants): Jacobian {
  const first: Jacobian = { x: p1.x, y: p1.y, z: c.one };
  const second: Jacobian = { x: p2.x, y: p2.y, z: c.one };
  const both = add(first, second, c);
  let result = infinity(c);
  const bits = Math.max(k1.toString(2).length, k2.toString(2).length);
  for (let bit = bits - 1; bit >= 0; bit--) {
    result = double(result, c);
    const take1 = (k1 >> BigInt(bit)) & c.one;
    const take2 = (k2 >> BigInt(bit)) & c.one;
    if (take1 && take2) result = add(result, both, c);
    else if (take1) result = add(result, first, c);
    else if (take2) result = add(result, second, c);
  }
  return result;
}

export function isOnSm2Curve(point: Sm2Point): boolean {
  const { p, a, b, zero } = constants();
  if (point.x < zero || point.x >= p || point.y < zero || point.y >= p) return false;
  return mod(point.y * point.y - (point.x * point.x * point.x + a * point.x + b), p) === zero;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return BigInt(`0x${hex || '0'}`);
}

function toBytes32(value: bigint): Uint8Array {
  const hex = value.toString(16).padStart(64, '0');
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/** The 32-byte big-endian encoding of a coordinate, as Z and signatures carry it. */
export function coordinateBytes(value: bigint): Uint8Array {
  return toBytes32(value);
}

/**
 * GM/T 0003.2 §7.1 (verification steps B1–B7) on e = SM3(Z ‖ M), already computed.
 * r and s are the signature's integers; publicKey a point already checked to be on the curve.
 */
export function sm2VerifyDigest(e: Uint8Array, r: bigint, s: bigint, publicKey: Sm2Point): boolean {
  if (e.byteLength !== 32) throw new RangeError(`SM2 signs a 32-byte e, got ${e.byteLength} bytes`);
  const c = constants();
  const { n, one, zero } = c;
  if (r < one || r >= n || s < one || s >= n) return false;
  if (!isOnSm2Curve(publicKey)) return false;
  const t = (r + s) % n;
  if (t === zero) return false;
  const point = toAffine(twoScalarMultiply(s, { x: c.gx, y: c.gy }, t, publicKey, c), c);
  if (!point) return false;
  return (bytesToBigInt(e) + point.x) % n === r;
}
