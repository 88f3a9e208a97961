// What the diagnostics report (诊断) holds, declared once: the token host sends the slot part,
// the renderer and `yikey diagnose --json` receive the whole report. Everything here is read
// from the module, the keys' public info, the settings and error codes — never a PIN, a secret
// or a document. Pure module: zod only.
import { z } from 'zod';
import { moduleViewSchema, trustedCaViewSchema } from './module-and-trust-views';
import { errorCodes } from './error-codes';
import { moduleInfoSchema } from './token-types';
import { serializedErrorSchema, slotIdSchema } from './wire-primitives';

/** PKCS#11 text fields are 16–64 bytes; a bound keeps a broken module from flooding the report. */
const text = z.string().max(256);
const flagNames = z.array(z.string().max(64)).max(32);
/** Bounds what one module may put in the report; real modules have a few slots and < 100 mechanisms. */
export const maxDiagnosticSlots = 64;
export const maxDiagnosticMechanisms = 512;

export const mechanismDiagnosticsSchema = z.object({
  /** CKM_* value as 0x-prefixed hex, so vendor-defined numbers read as pkcs11-tool prints them. */
  type: z.string().regex(/^0x[0-9a-f]{1,16}$/),
  /** The CKM_ name for mechanisms we know; null for others (vendor-defined, rare). */
  name: z.string().max(64).nullable(),
  minKeySize: z.number().int().min(0),
  maxKeySize: z.number().int().min(0),
  flags: flagNames,
});
export type MechanismDiagnostics = z.infer<typeof mechanismDiagnosticsSchema>;

export const tokenDiagnosticsSchema = z.object({
  label: text,
  serial: text,
  manufacturer: text,
  model: text,
  flags: flagNames,
  minPinLength: z.number().int().min(0),
  maxPinLength: z.number().int().min(0),
  hardwareVersion: text,
  firmwareVersion: text,
  mechanisms: z.array(mechanismDiagnosticsSchema).max(maxDiagnosticMechanisms),
  /** Why the mechanism list could not be read; the token's info is still shown. */
  mechanismsError: serializedErrorSchema.nullable(),
});
export type TokenDiagnostics = z.infer<typeof tokenDiagnosticsSchema>;

export const slotDiagnosticsSchema = z.object({
  slotId: slotIdSchema,
  description: text,
  manufacturer: text,
  flags: flagNames,
  hardwareVersion: text,
  firmwareVersion: text,
  /** null for an empty slot (a reader with no key), or when the token could not be read. */
  token: tokenDiagnosticsSchema.nullable(),
  tokenError: serializedErrorSchema.nullable(),
});
export type SlotDiagnostics = z.infer<typeof slotDiagnosticsSchema>;

/** What the token host reports: C_GetInfo and every slot, C_GetSlotList(CK_FALSE). */
export const moduleDiagnosticsSchema = z.object({
  library: moduleInfoSchema,
  slots: z.array(slotDiagnosticsSchema).max(maxDiagnosticSlots),
});
export type ModuleDiagnostics = z.infer<typeof moduleDiagnosticsSchema>;

/** One failed call: which, when and its code. Never its input or message (a path, a file name). */
export const recentErrorSchema = z.object({
  at: z.string(),
  method: z.string().max(64),
  code: z.enum(errorCodes),
});
export type RecentError = z.infer<typeof recentErrorSchema>;

export const diagnosticsReportSchema = z.object({
  generatedAt: z.string(),
  app: z.object({
    version: z.string(),
    /** process.platform, os.release(), process.arch. */
    os: z.string(),
    runtime: z.string(),
  }),
  /** The module in use and why (setting / environment / detected); null when none was found. */
  module: moduleViewSchema.nullable(),
  /** Why no module is in use, or why the one chosen did not load. */
  moduleError: serializedErrorSchema.nullable(),
  /** C_GetInfo; null when the module is not loaded or could not answer. */
  library: moduleInfoSchema.nullable(),
  slots: z.array(slotDiagnosticsSchema).max(maxDiagnosticSlots),
  /** Why the slots could not be read (no module, a hung or crashed module). */
  slotsError: serializedErrorSchema.nullable(),
  trustedCas: z.array(trustedCaViewSchema),
  recentErrors: z.array(recentErrorSchema).max(50),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;
