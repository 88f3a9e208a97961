// One PIN unlock (PIN码解锁) as the journal keeps it on disk, in its own folder next to the
// renewals (request-journal.ts). It holds where the unlock stands and the transaction's nonces —
// never the authorisation code, the SO PINs or the new PIN: after a restart the holder types the
// code again, and the backend hands the unlock material out again until YiKey reports the SO PIN
// rotated (docs/cmp-profile.md §PIN unlock).
import { z } from 'zod';
import { reviewStageSchema } from '../contract/certificate-requests';
import { unlockStageSchema, type UnlockStage } from '../contract/pin-unlock';
import type { JournalKind } from './request-journal';

const hex = z.string().regex(/^([0-9a-f]{2})*$/);

/** Reference numbers are the digits the unit administrator reads out (1–20). */
export const unlockReferenceSchema = z.string().regex(/^\d{1,20}$/, 'A reference number is 1–20 digits');

/** The stages are the contract's (contract/pin-unlock.ts), where each is explained. */
export { unlockStageSchema, type UnlockStage };

export const finalUnlockStages: readonly UnlockStage[] = ['completed', 'rejected', 'failed'];

export const unlockRecordSchema = z.object({
  version: z.literal(1),
  id: z.string().uuid(),
  kind: z.literal('unlock'),
  stage: unlockStageSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The key, by serial: slot ids change between runs. */
  token: z.object({ serial: z.string(), label: z.string() }),
  reference: unlockReferenceSchema,
  transactionId: hex,
  /** senderNonce of our latest message: the next answer must echo it. */
  senderNonce: hex,
  recipNonce: hex.optional(),
  nextPollAt: z.string().optional(),
  /** While waiting: the review stage the answer named (in its header, or in its words). */
  reviewStage: reviewStageSchema.optional(),
  /** What the backend last said (单位审核, a rejection reason, …). */
  statusText: z.array(z.string()).default([]),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
  history: z.array(z.object({ stage: unlockStageSchema, at: z.string() })),
});
export type UnlockRecord = z.infer<typeof unlockRecordSchema>;

export const unlockJournalKind: JournalKind<UnlockRecord> = {
  folder: 'unlock-requests',
  schema: unlockRecordSchema,
};
