// The message channel between the main process and the token host process. Every request
// and result is declared here once, with zod schemas; both sides validate what they receive,
// so bytes read from a token are checked before the rest of the app trusts them.
//
// Each method's schemas are built on that method's first use in a process (hostMethodSchema):
// the CLI and the token host start for one command, `yikey tokens` needs three of the sixteen
// methods, and the host checks only params, the main process only results (issue 11: building
// zod schemas is a part of start-up that shows).
import { z } from 'zod';
import { builtOnFirstUse } from '../contract/built-on-first-use';
import { moduleDiagnosticsSchemas } from '../contract/module-diagnostics-schemas';
import { moduleInfoSchema, tokenEventSchema, tokenSummarySchema } from '../contract/token-types';
import { pinSchema, serializedErrorSchema, slotIdSchema } from '../contract/wire-primitives';

const bytes = builtOnFirstUse(() =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes'),
);
const slotId = slotIdSchema;
/** CKA_ID as lowercase hex; tokens use 1–64 bytes in practice, PKCS#11 allows more. */
const objectId = builtOnFirstUse(() =>
  z.string().regex(/^([0-9a-f]{2}){0,255}$/, 'object id must be hex of at most 255 bytes'),
);
const pin = pinSchema;
const noFields = builtOnFirstUse(() => z.object({}));

const certificateObjectSchema = builtOnFirstUse(() =>
  z.object({ id: objectId(), label: z.string(), value: bytes() }),
);
const privateKeyObjectSchema = builtOnFirstUse(() =>
  z.object({ id: objectId(), label: z.string(), keyType: z.enum(['RSA', 'EC', 'SM2', 'other']) }),
);
export type CertificateObject = z.infer<ReturnType<typeof certificateObjectSchema>>;
export type PrivateKeyObject = z.infer<ReturnType<typeof privateKeyObjectSchema>>;
/** A public key as the token holds it; lifecycle/ turns it into a SubjectPublicKeyInfo. */
const tokenPublicKeySchema = builtOnFirstUse(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('RSA'), modulus: bytes(), publicExponent: bytes() }),
    z.object({ type: z.literal('EC'), ecParams: bytes(), ecPoint: bytes() }),
  ]),
);
export type TokenPublicKey = z.infer<ReturnType<typeof tokenPublicKeySchema>>;
/** DER fields of a certificate, at most a few KiB. */
const derBytes = builtOnFirstUse(() =>
  bytes().refine((value) => value.length > 0 && value.length <= 16 * 1024, 'expected 1 B–16 KiB'),
);

/** Bounds one batch so a single call cannot hold the key for minutes. */
export const maxDigestsPerBatch = 64;

/**
 * What the token host signs. 'rsa-pkcs': a DigestInfo; 'ecdsa': a digest; 'sm2': e = SM3(Z ‖ M)
 * (32 bytes; raw SM2 mechanisms only); 'sm2-message': Z ‖ M, for which the host picks the
 * token's best SM2 mechanism, computing e itself for a raw one. SM2 answers are always r ‖ s.
 */
const signMechanisms = ['rsa-pkcs', 'ecdsa', 'sm2', 'sm2-message'] as const;
type SignMechanism = (typeof signMechanisms)[number];
/** M in 'sm2-message': signed attributes or a short SOF value; longer data goes as e ('sm2'). */
export const maxSm2MessageBytes = 64 * 1024;

const signData = builtOnFirstUse(() =>
  bytes().refine(
    (value) => value.length > 0 && value.length <= 32 + maxSm2MessageBytes,
    'data must be 1 byte to 64 KiB',
  ),
);

/** Per-mechanism sizes: a DigestInfo or digest fits 1024 bytes, e is exactly 32, Z ‖ M at least 32. */
function dataFitsMechanism(mechanism: SignMechanism, value: Uint8Array): boolean {
  if (mechanism === 'sm2') return value.length === 32;
  if (mechanism === 'sm2-message') return value.length >= 32;
  return value.length <= 1024;
}

/**
 * Each method's params and result schemas, each as a function that builds it: the host builds a
 * method's params schema at that method's first call, the main process its result schema at its
 * first answer (hostMethodSchema). Every wire shape is declared once, here or in contract/.
 */
const methodSchemaBuilders = {
  initialize: {
    params: () =>
      z.object({
        modulePath: z.string().min(1),
        pollIntervalMs: z.number().int().min(10).max(10_000),
        reinitializeAfterRemoval: z.boolean(),
      }),
    result: moduleInfoSchema,
  },
  listTokens: { params: noFields, result: () => z.array(tokenSummarySchema()) },
  listObjects: {
    params: () => z.object({ slotId }),
    result: () =>
      z.object({
        certificates: z.array(certificateObjectSchema()),
        privateKeys: z.array(privateKeyObjectSchema()),
      }),
  },
  /** pin is omitted only for PIN-pad readers. */
  login: { params: () => z.object({ slotId, pin: pin.optional() }), result: noFields },
  logout: { params: () => z.object({ slotId }), result: noFields },
  /** Logs out of every key and closes every session: lock, or a key pulled out. */
  logoutAll: { params: noFields, result: noFields },
  /** Both PINs omitted only for PIN-pad readers: the holder types them on the pad. */
  changePin: {
    params: () => z.object({ slotId, oldPin: pin.optional(), newPin: pin.optional() }),
    result: noFields,
  },
  signDigest: {
    params: () =>
      z
        .object({ slotId, keyId: objectId(), mechanism: z.enum(signMechanisms), data: signData() })
        .refine((params) => dataFitsMechanism(params.mechanism, params.data), {
          message: 'data does not fit the mechanism',
          path: ['data'],
        }),
    result: () => z.object({ signature: bytes() }),
  },
  /** A batch: one round trip for many records, signed one after another with one key. */
  signDigests: {
    params: () =>
      z
        .object({
          slotId,
          keyId: objectId(),
          mechanism: z.enum(signMechanisms),
          data: z.array(signData()).min(1).max(maxDigestsPerBatch),
        })
        .refine((params) => params.data.every((value) => dataFitsMechanism(params.mechanism, value)), {
          message: 'data does not fit the mechanism',
          path: ['data'],
        }),
    result: () => z.object({ signatures: z.array(bytes()) }),
  },
  /** Renewal (issue 8): the public half of a key on the token; needs the holder's login. */
  readPublicKey: {
    params: () => z.object({ slotId, keyId: objectId() }),
    result: () => z.object({ publicKey: tokenPublicKeySchema() }),
  },
  /**
   * A key pair like `basedOnKeyId` under `newKeyId` (private, sensitive, not extractable); the
   * existing pair when one already has that id (generated false), never a second one. Without
   * `basedOnKeyId` (re-issue on a key with no certificate): `algorithm`, or, when absent,
   * RSA-2048 if the token makes RSA keys and SM2 otherwise (docs/cmp-profile.md §Re-issue).
   */
  generateRenewalKeyPair: {
    params: () =>
      z.object({
        slotId,
        basedOnKeyId: objectId().min(2).optional(),
        algorithm: z.enum(['RSA-2048', 'SM2']).optional(),
        newKeyId: objectId().min(2),
        label: z.string().max(128),
      }),
    result: () => z.object({ publicKey: tokenPublicKeySchema(), generated: z.boolean() }),
  },
  /** The issued certificate under its key's CKA_ID (written false when it is already there). */
  writeCertificate: {
    params: () =>
      z.object({
        slotId,
        keyId: objectId().min(2),
        label: z.string().max(128),
        value: derBytes(),
        subject: derBytes(),
        issuer: derBytes(),
        serialNumber: derBytes(),
      }),
    result: () => z.object({ written: z.boolean() }),
  },
  /** Retires a key: its certificates, public and private key objects. */
  deleteKeyObjects: {
    params: () => z.object({ slotId, keyId: objectId().min(2) }),
    result: () => z.object({ deleted: z.number().int() }),
  },
  /**
   * PIN unlock (issue 8): C_Login as SO with soPin, C_InitPIN(newPin), then — when newSoPin is
   * given — C_SetPIN(soPin → newSoPin), and log out. The SO PINs come from the backend's unlock
   * material and are dropped after this call; nothing here is stored.
   */
  initPinAsSecurityOfficer: {
    params: () => z.object({ slotId, soPin: pin, newPin: pin, newSoPin: pin.optional() }),
    result: noFields,
  },
  /**
   * For the diagnostics report: C_GetInfo, every slot (empty ones too), each token's info and
   * mechanisms. Opens no session and sends no PIN.
   */
  diagnostics: { params: noFields, result: () => moduleDiagnosticsSchemas().module },
  /** Quitting: log out of every key, C_Finalize, and exit. The exit is the answer. */
  shutdown: { params: noFields, result: noFields },
};

type Builders = typeof methodSchemaBuilders;
export type HostMethod = keyof Builders;
type SchemaPart = 'params' | 'result';
type MethodSchema<M extends HostMethod, P extends SchemaPart> = ReturnType<Builders[M][P]>;
export type HostParams<M extends HostMethod> = z.infer<MethodSchema<M, 'params'>>;
export type HostResult<M extends HostMethod> = z.infer<MethodSchema<M, 'result'>>;

/** Every method of the protocol. */
export const hostMethods = (): HostMethod[] => Object.keys(methodSchemaBuilders) as HostMethod[];

/** A method name from the other process; `in` would also take 'toString' and the like. */
export function isHostMethod(name: string): name is HostMethod {
  return Object.prototype.hasOwnProperty.call(methodSchemaBuilders, name);
}

const builtSchemas = new Map<string, unknown>();

/** The `part` schema of `method`, built at its first use in this process. */
export function hostMethodSchema<M extends HostMethod, P extends SchemaPart>(
  method: M,
  part: P,
): MethodSchema<M, P> {
  const key = `${method} ${part}`;
  let built = builtSchemas.get(key);
  if (built === undefined) {
    built = methodSchemaBuilders[method][part]();
    builtSchemas.set(key, built);
  }
  return built as MethodSchema<M, P>;
}

/** What the main process sends; the host checks the envelope, then the method's params. */
export const hostRequestSchema = builtOnFirstUse(() =>
  z.object({
    kind: z.literal('request'),
    id: z.number().int(),
    method: z.string(),
    params: z.unknown(),
  }),
);
export type HostRequest = z.infer<ReturnType<typeof hostRequestSchema>>;

/** What the host sends: answers (checked against the method's result afterwards) and token events. */
export const hostReplySchema = builtOnFirstUse(() =>
  z.union([
    z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
    z.object({
      kind: z.literal('response'),
      id: z.number().int(),
      ok: z.literal(false),
      error: serializedErrorSchema,
    }),
    z.object({ kind: z.literal('event'), event: tokenEventSchema() }),
  ]),
);
export type HostReply = z.infer<ReturnType<typeof hostReplySchema>>;
