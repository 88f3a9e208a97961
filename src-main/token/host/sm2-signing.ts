// SM2 on the token, under whatever numbering the key's vendor uses (token/sm2-numberings.ts):
// recognise the key, pick the mechanism, give it the input it expects and bring its answer to
// r ‖ s. Runs in the token host; the main process checks every signature against the certificate.
import { createHash } from 'node:crypto';
import pkcs11js from './pkcs11-addon';
import { YiKeyError } from '../../contract/yikey-error';
import { sm2DerToRaw } from '../../sm2/sm2-signature';
import {
  numberingsForKeyType,
  sm2MechanismsToTry,
  type Sm2Mechanism,
  type Sm2Numbering,
} from '../sm2-numberings';
import { readAttributes } from './object-search';

/** What one SM2 key can do on its token, worked out once per key handle. */
export interface Sm2KeyPlan {
  numberings: readonly Sm2Numbering[];
  tokenMechanisms: ReadonlySet<number> | null;
  /** The mechanism that worked last time, tried first. */
  known?: Sm2Mechanism;
}

export function sm2KeyPlan(library: pkcs11js.PKCS11, session: Buffer, key: Buffer, slot: Buffer): Sm2KeyPlan {
  const { keyType } = readAttributes(library, session, key, ['keyType']);
  const ecParameters =
    keyType === pkcs11js.CKK_EC ? readAttributes(library, session, key, ['ecParams']).ecParams : null;
  const numberings = numberingsForKeyType(keyType, ecParameters);
  if (!numberings) {
    throw new YiKeyError('mechanism-unsupported', 'This key is not an SM2 key', {
      keyType: `0x${keyType.toString(16)}`,
    });
  }
  let tokenMechanisms: Set<number> | null = null;
  try {
    tokenMechanisms = new Set(library.C_GetMechanismList(slot));
  } catch {
    // Unlisted: every mechanism of the numbering is tried in order of preference.
  }
  return { numberings, tokenMechanisms };
}

/** Whether the caller sent e (32 bytes) or Z ‖ M. */
export type Sm2Request = 'sm2' | 'sm2-message';

export function sm2Candidates(plan: Sm2KeyPlan, request: Sm2Request): Sm2Mechanism[] {
  const candidates = sm2MechanismsToTry(
    plan.numberings,
    plan.tokenMechanisms,
    request === 'sm2' ? 'digest' : 'message',
  );
  if (candidates.length === 0) {
    throw new YiKeyError(
      'mechanism-unsupported',
      request === 'sm2'
        ? 'This key signs SM2 only over the message it hashes itself, and the data is too long for that'
        : 'No SM2 signing mechanism of this key is known',
    );
  }
  const known = plan.known;
  return known ? [known, ...candidates.filter((mechanism) => mechanism.value !== known.value)] : candidates;
}

/** The bytes a mechanism signs: e for a raw one, Z ‖ M when it hashes without Z, M when with Z. */
export function sm2MechanismInput(mechanism: Sm2Mechanism, request: Sm2Request, data: Uint8Array): Buffer {
  if (request === 'sm2') return Buffer.from(data);
  if (mechanism.hashing === 'none') return createHash('sm3').update(data).digest();
  if (mechanism.hashing === 'sm3') return Buffer.from(data);
  return Buffer.from(data.subarray(32));
}

/** The token's answer as r ‖ s, or an error naming the mechanism when it is neither format. */
export function sm2SignatureAsRaw(mechanism: Sm2Mechanism, signature: Uint8Array): Uint8Array {
  try {
    if (mechanism.output === 'der') return sm2DerToRaw(signature);
    if (signature.byteLength === 64) return Uint8Array.from(signature);
  } catch {
    // Reported below.
  }
  throw new YiKeyError('operation-failed', `The key returned an SM2 signature in an unknown format`, {
    mechanism: mechanism.name,
    length: signature.byteLength,
  });
}
