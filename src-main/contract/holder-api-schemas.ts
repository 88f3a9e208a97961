// The data shapes that travel between the holder's renderer and the main process, as zod
// schemas. The main-process DTOs (certs/certificate-dto.ts, holder/certificate-entry.ts) are
// these types, derived here, so the two can never drift apart.
// Pure module: zod only.
import { z } from 'zod';
import { serializedErrorSchema, slotIdSchema } from './wire-primitives';
import { adminPolicySchema, adminPolicyWarningSchema } from './admin-policy';
import { holderPreferencesSchema, settingsLanguageSchema } from './holder-settings';
import { tokenSummarySchema } from './token-types';
import { maxTransferBase64Chars } from './transfer-limits';
import { moduleViewSchema, trustedCaViewSchema } from './module-and-trust-views';

export const languageSchema = settingsLanguageSchema;

export const nameViewSchema = z.object({
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  organizationalUnit: z.string().nullable(),
  serialNumber: z.string().nullable(),
  email: z.string().nullable(),
  country: z.string().nullable(),
  dn: z.string(),
});
export type NameView = z.infer<typeof nameViewSchema>;

export const expiryStatusSchema = z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']);
export type ExpiryStatusView = z.infer<typeof expiryStatusSchema>;

export const certificateViewSchema = z.object({
  subject: nameViewSchema,
  issuer: nameViewSchema,
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int().min(0),
  status: expiryStatusSchema,
  keyAlgorithm: z.enum(['RSA', 'EC', 'SM2', 'Ed25519', 'unknown']),
  keyAlgorithmOid: z.string(),
  keySize: z.number().int().nullable(),
  namedCurve: z.string().nullable(),
  signatureAlgorithm: z.string(),
  signatureAlgorithmOid: z.string(),
  keyUsage: z.array(z.string()).nullable(),
  extendedKeyUsage: z.array(z.string()).nullable(),
  sha256Fingerprint: z.string(),
  isCa: z.boolean(),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

const certificateEntryBase = {
  slotId: slotIdSchema,
  tokenLabel: z.string(),
  tokenSerial: z.string(),
  objectId: z.string(),
  objectLabel: z.string(),
  keyPairing: z.enum(['paired', 'missing', 'unknown-until-login']),
};

export const certificateEntryViewSchema = z.discriminatedUnion('readable', [
  z.object({ ...certificateEntryBase, readable: z.literal(true), certificate: certificateViewSchema }),
  z.object({ ...certificateEntryBase, readable: z.literal(false), reason: z.string() }),
]);
export type CertificateEntryView = z.infer<typeof certificateEntryViewSchema>;

export const keyWithoutCertificateViewSchema = z.object({
  slotId: slotIdSchema,
  tokenSerial: z.string(),
  objectId: z.string(),
  objectLabel: z.string(),
  keyType: z.enum(['RSA', 'EC', 'SM2', 'other']),
});
export type KeyWithoutCertificateView = z.infer<typeof keyWithoutCertificateViewSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenSummarySchema()) });

/** A key whose objects could not be read: shown as such, never hiding the other keys. */
export const unreadableKeyViewSchema = z.object({
  slotId: slotIdSchema,
  tokenLabel: z.string(),
  tokenSerial: z.string(),
  error: serializedErrorSchema,
});

export const certificateListSchema = z.object({
  certificates: z.array(certificateEntryViewSchema),
  keysWithoutCertificate: z.array(keyWithoutCertificateViewSchema),
  unreadableKeys: z.array(unreadableKeyViewSchema),
  /** The renewal rule in force (fewer than this many days left → renew), for the banner text. */
  renewalWindowDays: z.number().int().min(1),
});
export type CertificateList = z.infer<typeof certificateListSchema>;

/** Bytes cross the wire as base64 so the same JSON works over IPC and WebSocket. */
export const base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected');

// The size rule lives in transfer-limits.ts (one constant for the screens, schemas and servers).
export { maxTransferFileBytes } from './transfer-limits';

/** The longest file name most file systems accept (255 UTF-16 units on Windows, 255 bytes on ext4). */
export const maxFileNameLength = 255;

export const fileNameSchema = z
  .string()
  .min(1)
  .max(maxFileNameLength)
  // A name only, never a path: the main process must not be steered to another directory.
  .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'a file name without a path');

export const transferFileSchema = z.object({
  name: fileNameSchema,
  contentBase64: base64Schema.max(maxTransferBase64Chars),
});
export type TransferFile = z.infer<typeof transferFileSchema>;

export const exportedFileSchema = z.object({
  fileName: fileNameSchema,
  mediaType: z.string(),
  contentBase64: base64Schema,
});
export type ExportedFile = z.infer<typeof exportedFileSchema>;

export const signerSummarySchema = z.object({
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  certificateSerial: z.string(),
  sha256Fingerprint: z.string(),
});

export const signedFileSchema = z.object({
  signature: exportedFileSchema,
  signer: signerSummarySchema,
  signedAt: z.string(),
});

export const verificationViewSchema = z.object({
  /**
   * valid: unchanged, signature correct, certificate valid at signing time, signer chains to a
   * trusted CA; not-verified: all that except that no trusted CA vouches for the signer; invalid.
   */
  outcome: z.enum(['valid', 'not-verified', 'invalid']),
  /** outcome === 'valid': nothing in `problems`. */
  valid: z.boolean(),
  integrity: z.enum(['ok', 'content-changed', 'signature-invalid']),
  signer: certificateViewSchema,
  /** The signer's claimed signing time: its own computer's clock, not a trusted timestamp. */
  signingTime: z.string().nullable(),
  certificateValidAtSigningTime: z.boolean(),
  chain: z.enum(['trusted', 'untrusted', 'not-checked']),
  /** Stable kebab-case codes from the verifier; the renderer explains the ones it knows. */
  problems: z.array(z.string()),
});
export type VerificationView = z.infer<typeof verificationViewSchema>;

export const chainStatusSchema = z.enum(['trusted', 'untrusted', 'incomplete', 'invalid']);
export type ChainStatusView = z.infer<typeof chainStatusSchema>;

export const chainElementViewSchema = z.object({
  subject: nameViewSchema,
  issuerDn: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  status: z.enum(['valid', 'expired', 'not-yet-valid']),
  sha256Fingerprint: z.string(),
  isCa: z.boolean(),
  /** In the holder's trust store (settings or YIKEY_TRUSTED_CA). */
  isTrustAnchor: z.boolean(),
});
export type ChainElementView = z.infer<typeof chainElementViewSchema>;

export const certificateChainViewSchema = z.object({
  /** From the holder certificate up to the last issuer found (the root when there is one). */
  elements: z.array(chainElementViewSchema).min(1),
  chainStatus: chainStatusSchema,
  /** False when no trusted CA is configured: then nothing can be 'trusted', and the UI says why. */
  trustStoreConfigured: z.boolean(),
  /** Stable kebab-case codes (issuer-not-found, root-not-trusted, signature-invalid, expired, …). */
  problems: z.array(z.string()),
});
export type CertificateChainView = z.infer<typeof certificateChainViewSchema>;

export {
  moduleViewSchema,
  trustedCaViewSchema,
  type ModuleView,
  type TrustedCaView,
} from './module-and-trust-views';

/** Why the settings file was not used as it was: the defaults are in force instead. */
export const settingsFileWarningSchema = z.enum(['corrupt', 'unreadable']);

export const settingsSchema = holderPreferencesSchema.extend({
  /** The PKCS#11 module in use; null when none could be found (the no-key screen says so). */
  module: moduleViewSchema.nullable(),
  moduleError: serializedErrorSchema.nullable(),
  installedModules: z.array(z.object({ path: z.string(), vendor: z.string() })),
  /** Every trusted CA file in force: the saved ones, then YIKEY_TRUSTED_CA's. */
  trustedCas: z.array(trustedCaViewSchema),
  fileWarning: settingsFileWarningSchema.nullable(),
  /** Hospital IT's policy file (contacts for a locked PIN and renewal); empty when none. */
  adminPolicy: adminPolicySchema,
  /** Why the policy file was ignored; null when it was used or there is none. */
  adminPolicyWarning: adminPolicyWarningSchema.nullable(),
  /**
   * The provincial CA service in force and where it comes from: YIKEY_BACKEND_URL for this run,
   * IT's policy file, or the holder's setting (in that order); null when none is set.
   */
  backendInUse: z
    .object({ url: z.string().max(2048), source: z.enum(['environment', 'policy', 'setting']) })
    .nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingsFileWarning = z.infer<typeof settingsFileWarningSchema>;
