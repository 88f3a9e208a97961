// Textbook ECDSA over P-256 on a precomputed digest (FIPS 186-4 §6.4), for tests only: it
// stands in for a token's CKM_ECDSA, which Node's crypto API cannot do (it always hashes).
// Not constant-time; never use it with a real key.

const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const a = p - 3n;
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;

const mod = (value: bigint, m: bigint): bigint => ((value % m) + m) % m;

function inverse(value: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(value, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

function add(left: Point, right: Point): Point {
  if (!left) return right;
  if (!right) return left;
  if (left.x === right.x && mod(left.y + right.y, p) === 0n) return null;
  const slope =
    left.x === right.x
      ? mod((3n * left.x * left.x + a) * inverse(2n * left.y, p), p)
      : mod((right.y - left.y) * inverse(right.x - left.x, p), p);
  const x = mod(slope * slope - left.x - right.x, p);
  return { x, y: mod(slope * (left.x - x) - left.y, p) };
}

function multiply(scalar: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const to32 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');

/** Returns r||s, 64 bytes, as PKCS#11 CKM_ECDSA does. */
export function signP256Digest(
  d: bigint,
  digest: Uint8Array,
  random: (size: number) => Uint8Array,
): Uint8Array {
  const e = toBigInt(digest.subarray(0, 32));
  for (;;) {
    const k = mod(toBigInt(random(40)), n - 1n) + 1n;
    const r = mod(multiply(k, G)!.x, n);
    if (r === 0n) continue;
    const s = mod(inverse(k, n) * (e + r * d), n);
    if (s === 0n) continue;
    return new Uint8Array(Buffer.concat([to32(r), to32(s)]));
  }
}
