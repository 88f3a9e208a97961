// The JSON exchanged with token-worker.ts. Bytes travel as hex.
import { z } from 'zod';

/** SM2 mechanism numberings the virtual key speaks (README.md: "SM2"). */
export const sm2Vendors = ['longmai', 'sansec'] as const;
export type Sm2Vendor = (typeof sm2Vendors)[number];

const hex = z.string().regex(/^([0-9a-f]{2})*$/);

export const tokenWorkerRequestSchema = z.object({
  softhsmConf: z.string(),
  serial: z.string(),
  pin: z.string(),
  operation: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('generate-key-pair'),
      id: hex,
      label: z.string(),
      algorithm: z.enum(['rsa-2048', 'p-256']),
      purpose: z.enum(['sign', 'encrypt']),
    }),
    z.object({ kind: z.literal('write-certificate'), id: hex, label: z.string(), value: hex }),
    z.object({
      kind: z.literal('generate-sm2-key-pair'),
      id: hex,
      label: z.string(),
      purpose: z.enum(['sign', 'encrypt']),
      vendor: z.enum(sm2Vendors),
    }),
  ]),
});

export type TokenWorkerRequest = z.infer<typeof tokenWorkerRequestSchema>;
export type TokenOperation = TokenWorkerRequest['operation'];
export type TokenWorkerResult = { spki?: string };
