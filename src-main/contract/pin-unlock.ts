// PIN unlock (PIN码解锁) as the renderer sees it (issue 8): what the holder sends — the reference
// number and authorisation code from the unit's certificate administrator, later the new PIN —
// and where the unlock stands. The code and the PINs are inputs only; no view carries them.
// Pure module: zod only.
import { z } from 'zod';
import { pinSchema, serializedErrorSchema, slotIdSchema } from './wire-primitives';

export const unlockIdSchema = z.string().uuid();
/** Bounded here, checked for form (1–20 digits) by the workflow, which says which field is wrong. */
const reference = z.string().min(1).max(40);
const code = z.string().min(1).max(64);

export const unlockStartInputSchema = z.object({ slotId: slotIdSchema, reference, code });
export const unlockContinueInputSchema = z.object({
  id: unlockIdSchema,
  /** Absent: main uses the code the keychain kept since unlock:start (request-code-needed if none). */
  code: code.optional(),
  /** Once approved: the holder's new PIN (the renderer checked it twice against the policy). */
  newPin: pinSchema.optional(),
});

export const unlockViewSchema = z.object({
  id: unlockIdSchema,
  tokenSerial: z.string().max(200),
  tokenLabel: z.string().max(200),
  reference: z.string().max(40),
  stage: z.enum([
    'request-ready',
    'waiting',
    'approved',
    'unlocking',
    'rotated',
    'completed',
    'rejected',
    'failed',
  ]),
  /** The backend's own words: the review stage (单位审核) or the rejection reason. */
  statusText: z.array(z.string().max(2000)).max(10),
  /** When to ask again while the unit reviews. */
  nextCheckAt: z.string().nullable(),
  /** Why the last step did not go through (backend down, key pulled out); it can be retried. */
  problem: serializedErrorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UnlockView = z.infer<typeof unlockViewSchema>;
export const unlockListSchema = z.object({ unlocks: z.array(unlockViewSchema).max(100) });
