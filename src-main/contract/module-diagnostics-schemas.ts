// The token host's part of the diagnostics report (诊断): C_GetInfo and every slot, token and
// mechanism, as the host reads them from the module. Apart from diagnostics-schemas.ts (the
// whole report, which the renderer receives) and built on first use, so that the token host
// and the CLI, which load this at start-up, build these schemas only when a report is asked for
// (issue 11). Everything here is the module's and the keys' public info. Pure module: zod only.
import { z } from 'zod';
import { builtOnFirstUse } from './built-on-first-use';
import { moduleInfoSchema } from './token-types';
import { serializedErrorSchema, slotIdSchema } from './wire-primitives';

/** Bounds what one module may put in the report; real modules have a few slots and < 100 mechanisms. */
export const maxDiagnosticSlots = 64;
export const maxDiagnosticMechanisms = 512;

export const moduleDiagnosticsSchemas = builtOnFirstUse(() => {
  /** PKCS#11 text fields are 16–64 bytes; a bound keeps a broken module from flooding the report. */
  const text = z.string().max(256);
  const flagNames = z.array(z.string().max(64)).max(32);

  const mechanism = z.object({
    /** CKM_* value as 0x-prefixed hex, so vendor-defined numbers read as pkcs11-tool prints them. */
    type: z.string().regex(/^0x[0-9a-f]{1,16}$/),
    /** The CKM_ name for mechanisms we know; null for others (vendor-defined, rare). */
    name: z.string().max(64).nullable(),
    minKeySize: z.number().int().min(0),
    maxKeySize: z.number().int().min(0),
    flags: flagNames,
  });

  const token = z.object({
    label: text,
    serial: text,
    manufacturer: text,
    model: text,
    flags: flagNames,
    minPinLength: z.number().int().min(0),
    maxPinLength: z.number().int().min(0),
    hardwareVersion: text,
    firmwareVersion: text,
    mechanisms: z.array(mechanism).max(maxDiagnosticMechanisms),
    /** Why the mechanism list could not be read; the token's info is still shown. */
    mechanismsError: serializedErrorSchema.nullable(),
  });

  const slot = z.object({
    slotId: slotIdSchema,
    description: text,
    manufacturer: text,
    flags: flagNames,
    hardwareVersion: text,
    firmwareVersion: text,
    /** null for an empty slot (a reader with no key), or when the token could not be read. */
    token: token.nullable(),
    tokenError: serializedErrorSchema.nullable(),
  });

  /** What the token host reports: C_GetInfo and every slot, C_GetSlotList(CK_FALSE). */
  const module = z.object({
    library: moduleInfoSchema(),
    slots: z.array(slot).max(maxDiagnosticSlots),
  });

  return { mechanism, token, slot, module };
});

type Schemas = ReturnType<typeof moduleDiagnosticsSchemas>;
export type MechanismDiagnostics = z.infer<Schemas['mechanism']>;
export type TokenDiagnostics = z.infer<Schemas['token']>;
export type SlotDiagnostics = z.infer<Schemas['slot']>;
export type ModuleDiagnostics = z.infer<Schemas['module']>;
