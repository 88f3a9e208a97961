// Values that cross more than one process boundary, declared once: the renderer ↔ main
// contract and the main ↔ token host channel validate with these same schemas.
import { z } from 'zod';
import { errorCodes, type ErrorDetails } from './error-codes';

/** A PKCS#11 slot id as a decimal string (opaque to callers). */
export const slotIdSchema = z.string().regex(/^\d{1,20}$/, 'slot id must be a decimal number');

/**
 * A PIN on the wire: bounded so an absurd value never travels. What a key accepts (printable
 * ASCII, length in bytes) is checked by pin-policy.ts before it reaches the key.
 */
export const pinSchema = z.string().min(1).max(64);

/** The wire form of an error: what crosses process boundaries. */
export const serializedErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SerializedError = Omit<z.infer<typeof serializedErrorSchema>, 'details'> & {
  details?: ErrorDetails;
};
