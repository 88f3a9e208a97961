// The frames of the holder API on a message transport (the browser-mode WebSocket; Electron
// IPC carries the same request/response pairs). Both ends parse every frame with these schemas.
// Pure module: zod only.
import { z } from 'zod';
import { serializedErrorSchema } from './holder-api-schemas';

/** The first frame a client sends: the per-launch secret it was given in the URL fragment. */
export const helloFrameSchema = z.object({ kind: z.literal('hello'), secret: z.string().min(1).max(256) });

export const requestFrameSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().positive(),
  method: z.string().max(64),
  input: z.unknown(),
});

export const clientFrameSchema = z.discriminatedUnion('kind', [helloFrameSchema, requestFrameSchema]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const responseResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: serializedErrorSchema }),
]);
export type ResponseResult = z.infer<typeof responseResultSchema>;

export const serverFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('welcome') }),
  z.object({ kind: z.literal('response'), id: z.number().int(), result: responseResultSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** WebSocket close codes for refused connections (4000–4999 are for applications). */
export const closeCodes = { badSecret: 4401, helloTimeout: 4408, badFrame: 4400 } as const;
