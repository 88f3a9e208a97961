// The SM2 part of the vendor table (native/pkcs11-modules.json, `sm2Numberings`): each
// vendor's key type and signing mechanisms, who hashes, how the user ID is chosen and what the
// signature looks like. Validated here at its first use; the token host picks a mechanism from it.
import { z } from 'zod';
import vendorTable from '../../native/pkcs11-modules.json';
import { builtOnFirstUse } from '../contract/built-on-first-use';

/** The table's schemas, built with the table's first use (issue 11: the host's start needs neither). */
const sm2Schemas = builtOnFirstUse(() => {
  const hexUlong = z
    .string()
    .regex(/^0x[0-9A-Fa-f]{1,8}$/, 'a CK_ULONG written as 0x… hex')
    .transform((text) => Number.parseInt(text, 16));

  const mechanism = z.object({
    name: z.string().min(1),
    value: hexUlong,
    /** What the token hashes before signing (see sm2Comment in the table). */
    hashing: z.enum(['none', 'sm3', 'sm3-with-z']),
    userId: z.enum(['computed-by-yikey', 'token-default', 'mechanism-parameter']),
    output: z.enum(['r-s', 'der']),
    note: z.string().optional(),
  });

  const numbering = z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    vendor: z.string().min(1),
    source: z.string().min(1),
    /** True only for values read from the vendor's own library. */
    verified: z.boolean(),
    keyType: hexUlong,
    /** The vendor's key-pair mechanism, tried before CKM_EC_KEY_PAIR_GEN on the SM2 curve (renewal). */
    keyPairGeneration: hexUlong.optional(),
    mechanisms: z.array(mechanism).min(1),
  });

  const numberings = z.array(numbering).superRefine((entries, context) => {
    const ids = entries.map((entry) => entry.id);
    if (new Set(ids).size !== ids.length)
      context.addIssue({ code: 'custom', message: 'duplicate SM2 numbering id' });
    // A raw mechanism gets e and nothing else; a token that hashes must know the ID somehow.
    for (const entry of entries) {
      for (const entryMechanism of entry.mechanisms) {
        const raw = entryMechanism.hashing === 'none' || entryMechanism.hashing === 'sm3';
        if (raw !== (entryMechanism.userId === 'computed-by-yikey')) {
          context.addIssue({
            code: 'custom',
            message: `${entry.id} ${entryMechanism.name}: userId ${entryMechanism.userId} does not fit hashing ${entryMechanism.hashing}`,
          });
        }
      }
    }
  });
  return { mechanism, numbering, numberings };
});

export type Sm2Mechanism = z.infer<ReturnType<typeof sm2Schemas>['mechanism']>;
export type Sm2Numbering = z.infer<ReturnType<typeof sm2Schemas>['numbering']>;

export const sm2NumberingsSchema = (): ReturnType<typeof sm2Schemas>['numberings'] => sm2Schemas().numberings;

/** The table's numberings, validated at their first use. */
export const knownSm2Numberings = builtOnFirstUse((): readonly Sm2Numbering[] =>
  sm2NumberingsSchema().parse((vendorTable as { sm2Numberings?: unknown }).sm2Numberings),
);

/** CKK_EC (PKCS#11 v2.40 §2.3.2): an SM2 key when its CKA_EC_PARAMS name the SM2 curve. */
export const CKK_EC = 0x3;
/** DER OBJECT IDENTIFIER 1.2.156.10197.1.301, as CKA_EC_PARAMS carries a named curve. */
export const sm2CurveParameters = Uint8Array.of(0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d);

/** The numberings a private key's CKA_KEY_TYPE belongs to (a CKK_EC SM2 key: all of them). */
export function numberingsForKeyType(
  keyType: number,
  ecParameters: Uint8Array | null,
  numberings: readonly Sm2Numbering[] = knownSm2Numberings(),
): readonly Sm2Numbering[] | null {
  if (keyType === CKK_EC) {
    return ecParameters && Buffer.from(ecParameters).equals(sm2CurveParameters) ? numberings : null;
  }
  const matching = numberings.filter((numbering) => numbering.keyType === keyType);
  return matching.length > 0 ? matching : null;
}

/** Whether a mechanism can sign e alone, or needs the message (see Sm2Mechanism.hashing). */
export type Sm2Input = 'digest' | 'message';

const preference: Record<Sm2Mechanism['hashing'], number> = { none: 0, 'sm3-with-z': 1, sm3: 2 };

/**
 * The mechanisms to try, best first: raw ones (YiKey computes e) before those where the token
 * hashes, r ‖ s before DER; those the token lists before any it does not list (some vendor
 * libraries do not list their vendor mechanisms). With only e at hand, raw ones only.
 * Mechanisms that want the ID as a mechanism parameter are left out: how each vendor encodes it
 * is unverified, and every numbering in the table has a better one.
 */
export function sm2MechanismsToTry(
  numberings: readonly Sm2Numbering[],
  tokenMechanisms: ReadonlySet<number> | null,
  input: Sm2Input,
): Sm2Mechanism[] {
  const all = numberings.flatMap((numbering) => numbering.mechanisms);
  const usable = all.filter(
    (mechanism) =>
      (input === 'message' || mechanism.hashing === 'none') && mechanism.userId !== 'mechanism-parameter',
  );
  const listed = (mechanism: Sm2Mechanism): number => (tokenMechanisms?.has(mechanism.value) ? 0 : 1);
  return [...usable].sort(
    (left, right) =>
      listed(left) - listed(right) ||
      preference[left.hashing] - preference[right.hashing] ||
      Number(left.output === 'der') - Number(right.output === 'der'),
  );
}
