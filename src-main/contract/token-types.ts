// Plain, JSON-safe descriptions of keys (tokens) and their PIN state, shared by the token
// host, the main process, the CLI and the renderer. Each schema is built on first use: the token
// host validates only requests, and none of these (issue 11). Pure module: zod only.
import { z } from 'zod';
import { builtOnFirstUse } from './built-on-first-use';
import { slotIdSchema } from './wire-primitives';

/** What the token's flags say about its user PIN, read before we ever ask for one. */
export const pinStatusSchema = builtOnFirstUse(() =>
  z.object({
    /** The reader has a PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH): no PIN field in our UI. */
    pinPad: z.boolean(),
    countLow: z.boolean(),
    finalTry: z.boolean(),
    locked: z.boolean(),
    /** A new or just-unlocked key: the holder must set a new PIN (activation) first. */
    toBeChanged: z.boolean(),
    /** 1 on the final try, 0 when locked, null when the token does not say. */
    triesLeft: z.number().int().min(0).nullable(),
    minLength: z.number().int().min(0),
    maxLength: z.number().int().min(0),
  }),
);
export type PinStatus = z.infer<ReturnType<typeof pinStatusSchema>>;

export const tokenSummarySchema = builtOnFirstUse(() =>
  z.object({
    slotId: slotIdSchema,
    label: z.string(),
    serial: z.string(),
    manufacturer: z.string(),
    model: z.string(),
    loggedIn: z.boolean(),
    pin: pinStatusSchema(),
  }),
);
export type TokenSummary = z.infer<ReturnType<typeof tokenSummarySchema>>;

export const moduleInfoSchema = builtOnFirstUse(() =>
  z.object({
    path: z.string(),
    manufacturer: z.string(),
    description: z.string(),
    cryptokiVersion: z.string(),
    libraryVersion: z.string(),
  }),
);
export type ModuleInfo = z.infer<ReturnType<typeof moduleInfoSchema>>;

export const tokenEventSchema = builtOnFirstUse(() =>
  z.object({
    type: z.enum(['token-inserted', 'token-removed']),
    slotId: slotIdSchema,
    /** ISO time the token host noticed the change. */
    at: z.string(),
  }),
);
export type TokenEvent = z.infer<ReturnType<typeof tokenEventSchema>>;
