// What an SM2 signature signs (GM/T 0003.2 §5.5 and §6.1): e = SM3(Z ‖ M), with
// Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). Chinese CAs, tokens and verifiers use the
// default ID "1234567812345678" (GM/T 0009 §10) unless a profile says otherwise.
import { createHash } from 'node:crypto';
import { coordinateBytes, sm2CurveBytes, type Sm2Point } from './sm2-curve';

export const defaultSm2UserId = new TextEncoder().encode('1234567812345678');

/** Z for a public key; `userId` is at most 8191 bytes (ENTL is its length in bits, 2 bytes). */
export function sm2Z(publicKey: Sm2Point, userId: Uint8Array = defaultSm2UserId): Uint8Array {
  const bits = userId.byteLength * 8;
  if (bits > 0xffff) throw new RangeError('an SM2 user ID is at most 8191 bytes');
  const curve = sm2CurveBytes();
  return new Uint8Array(
    createHash('sm3')
      .update(Uint8Array.of(bits >> 8, bits & 0xff))
      .update(userId)
      .update(curve.a)
      .update(curve.b)
      .update(curve.gx)
      .update(curve.gy)
      .update(coordinateBytes(publicKey.x))
      .update(coordinateBytes(publicKey.y))
      .digest(),
  );
}

/** e = SM3(Z ‖ M): the 32 bytes a raw SM2 mechanism signs. */
export function sm2MessageDigest(z: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sm3').update(z).update(message).digest());
}

export function sm3(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sm3').update(data).digest());
}
