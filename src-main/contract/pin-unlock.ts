// PIN unlock (PIN码解锁) as the renderer sees it (issue 8): what the holder sends — the reference
// number and authorisation code from the unit's certificate administrator, later the new PIN —
// and where the unlock stands. The code and the PINs are inputs only; no view carries them.
// Pure module: zod only.
import { z } from 'zod';
import { reviewStageSchema } from './certificate-requests';
import { pinSchema, serializedErrorSchema, slotIdSchema } from './wire-primitives';

export const unlockIdSchema = z.string().uuid();

/**
 * Where an unlock stands (the journal's stages, lifecycle/unlock-record.ts):
 * request-ready: transaction chosen; the first genm may be (re)sent.
 * waiting: the unit reviews; poll after nextPollAt.
 * approved: the backend released the unlock material; the holder's new PIN is needed.
 * unlocking: SO login, C_InitPIN and the SO PIN change are under way (or were cut off).
 * rotated: the key has the new PIN and the new SO PIN; the backend is not yet told.
 * completed / rejected / failed: final.
 */
export const unlockStageSchema = z.enum([
  'request-ready',
  'waiting',
  'approved',
  'unlocking',
  'rotated',
  'completed',
  'rejected',
  'failed',
]);
export type UnlockStage = z.infer<typeof unlockStageSchema>;
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
  stage: unlockStageSchema,
  /** While waiting: who reviews now, for the holder's own words (单位审核 …); null when unknown. */
  reviewStage: reviewStageSchema.nullable(),
  /** When rejected: the reviewer's reason, without the backend's 已驳回 prefix. */
  rejectionReason: z.string().max(2000).nullable(),
  /** The backend's own words, shown only behind 详细信息. */
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
