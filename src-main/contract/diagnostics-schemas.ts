// What the diagnostics report (诊断) holds, declared once: the token host sends the slot part,
// the renderer and `yikey diagnose --json` receive the whole report. Everything here is read
// from the module, the keys' public info, the settings and error codes — never a PIN, a secret
// or a document. The host's part (slots, tokens, mechanisms) is module-diagnostics-schemas.ts.
// Pure module: zod only.
import { z } from 'zod';
import { moduleViewSchema, trustedCaViewSchema } from './module-and-trust-views';
import { errorCodes } from './error-codes';
import { maxDiagnosticSlots, moduleDiagnosticsSchemas } from './module-diagnostics-schemas';
import { moduleInfoSchema } from './token-types';
import { serializedErrorSchema } from './wire-primitives';

export {
  maxDiagnosticMechanisms,
  maxDiagnosticSlots,
  type MechanismDiagnostics,
  type ModuleDiagnostics,
  type SlotDiagnostics,
  type TokenDiagnostics,
} from './module-diagnostics-schemas';

const { slot: slotDiagnosticsSchema } = moduleDiagnosticsSchemas();

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
  library: moduleInfoSchema().nullable(),
  slots: z.array(slotDiagnosticsSchema).max(maxDiagnosticSlots),
  /** Why the slots could not be read (no module, a hung or crashed module). */
  slotsError: serializedErrorSchema.nullable(),
  trustedCas: z.array(trustedCaViewSchema),
  recentErrors: z.array(recentErrorSchema).max(50),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;
