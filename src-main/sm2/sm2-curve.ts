// SM2 signature verification over the recommended curve (GM/T 0003.5 / GB/T 32918.5; constants
// as `openssl ecparam -name SM2 -param_enc explicit` prints them), on a
// precomputed e. Node's crypto can hash SM3 but cannot verify SM2 on e: crypto.verify with an
// SM2 key hashes the message itself with an EMPTY user ID (OpenSSL 3.0's default), which is
// not what Chinese CAs and tokens sign with. Verification needs only public values, so plain
// BigInt arithmetic is safe here (no secret-dependent timing to leak).

const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const a = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
const b = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const gx = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const gy = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** The curve constants as 32-byte big-endian values, in the order Z hashes them. */
export const sm2CurveBytes = {
  a: toBytes32(a),
  b: toBytes32(b),
  gx: toBytes32(gx),
  gy: toBytes32(gy),
};

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

const infinity: Jacobian = { x: 1n, y: 1n, z: 0n };

function mod(value: bigint, modulus = p): bigint {
  const result = value % modulus;
  return result < 0n ? result + modulus : result;
}

function inverse(value: bigint, modulus: bigint): bigint {
  // Fermat: modulus is prime.
  return power(mod(value, modulus), modulus - 2n, modulus);
}

function power(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let factor = base;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * factor) % modulus;
    factor = (factor * factor) % modulus;
  }
  return result;
}

function double(point: Jacobian): Jacobian {
  if (point.z === 0n || point.y === 0n) return infinity;
  const { x, y, z } = point;
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const zz = (z * z) % p;
  // a = -3 mod p on this curve: M = 3(X - Z²)(X + Z²).
  const m = mod(3n * (x - zz) * (x + zz));
  const x3 = mod(m * m - 2n * s);
  const y3 = mod(m * (s - x3) - 8n * yy * yy);
  const z3 = (2n * y * z) % p;
  return { x: x3, y: y3, z: z3 };
}

function add(left: Jacobian, right: Jacobian): Jacobian {
  if (left.z === 0n) return right;
  if (right.z === 0n) return left;
  const z1z1 = (left.z * left.z) % p;
  const z2z2 = (right.z * right.z) % p;
  const u1 = (left.x * z2z2) % p;
  const u2 = (right.x * z1z1) % p;
  const s1 = (left.y * right.z * z2z2) % p;
  const s2 = (right.y * left.z * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(left) : infinity;
  const h = mod(u2 - u1);
  const r = mod(s2 - s1);
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const v = (u1 * hh) % p;
  const x3 = mod(r * r - hhh - 2n * v);
  const y3 = mod(r * (v - x3) - s1 * hhh);
  const z3 = (left.z * right.z * h) % p;
  return { x: x3, y: y3, z: z3 };
}

function toAffine(point: Jacobian): Sm2Point | null {
  if (point.z === 0n) return null;
  const zInverse = inverse(point.z, p);
  const zz = (zInverse * zInverse) % p;
  return { x: (point.x * zz) % p, y: (point.y * zz * zInverse) % p };
}

/** [k1]P1 + [k2]P2 in one pass (Shamir's trick). */
function twoScalarMultiply(k1: bigint, p1: Sm2Point, k2: bigint, p2: Sm2Point): Jacobian {
  const first: Jacobian = { x: p1.x, y: p1.y, z: 1n };
  const second: Jacobian = { x: p2.x, y: p2.y, z: 1n };
  const both = add(first, second);
  let result = infinity;
  const bits = Math.max(k1.toString(2).length, k2.toString(2).length);
  for (let bit = bits - 1; bit >= 0; bit--) {
    result = double(result);
    const take1 = (k1 >> BigInt(bit)) & 1n;
    const take2 = (k2 >> BigInt(bit)) & 1n;
    if (take1 && take2) result = add(result, both);
    else if (take1) result = add(result, first);
    else if (take2) result = add(result, second);
  }
  return result;
}

export function isOnSm2Curve(point: Sm2Point): boolean {
  if (point.x < 0n || point.x >= p || point.y < 0n || point.y >= p) return false;
  return mod(point.y * point.y - (point.x * point.x * point.x + a * point.x + b)) === 0n;
}

// No Buffer here: the bridge SDK runs this file in web pages (see README.md).
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
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
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  if (!isOnSm2Curve(publicKey)) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  const point = toAffine(twoScalarMultiply(s, { x: gx, y: gy }, t, publicKey));
  if (!point) return false;
  return (bytesToBigInt(e) + point.x) % n === r;
}
