// The frames of the holder API on a message transport (the browser-mode WebSocket; Electron
// IPC carries the same request/response pairs). Both ends parse every frame with these schemas.
// Pure module: zod only.
import { z } from 'zod';
import { serializedErrorSchema } from './wire-primitives';

/**
 * Browser mode authenticates during the WebSocket handshake, before any frame is read: the page
 * offers the subprotocol below plus one credential protocol, `yikey.launch.<secret>` (the
 * single-use secret from the URL fragment) or `yikey.session.<token>` (the per-tab token the
 * welcome frame gave it). The server answers with the subprotocol only.
 */
export const holderApiSubprotocol = 'yikey.v1';

/** 256 random bits, base64url: the launch secret and the session token alike. */
export const browserCredentialSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const browserCredentialKinds = ['launch', 'session'] as const;
export type BrowserCredential = { kind: (typeof browserCredentialKinds)[number]; value: string };

export function credentialProtocol(credential: BrowserCredential): string {
  return `yikey.${credential.kind}.${credential.value}`;
}

/** The credential among the offered subprotocols; null when there is none or more than one. */
export function credentialFromProtocols(protocols: Iterable<string>): BrowserCredential | null {
  const found: BrowserCredential[] = [];
  for (const protocol of protocols) {
    const match = /^yikey\.(launch|session)\.(.*)$/.exec(protocol);
    if (!match) continue;
    const value = browserCredentialSchema.safeParse(match[2]);
    if (!value.success) return null;
    found.push({ kind: match[1] as BrowserCredential['kind'], value: value.data });
  }
  return found.length === 1 ? found[0]! : null;
}

export const requestFrameSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().positive(),
  method: z.string().max(64),
  input: z.unknown(),
});

/** The holder typed or moved the pointer in the page: keeps the server-side idle lock away. */
export const activityFrameSchema = z.object({ kind: z.literal('activity') });

/**
 * A page reports activity at most this often (the first at once, then one at the end of each
 * interval that saw more), so the server's idle lock waits this much longer than the page's.
 */
export const activityReportIntervalMs = 10_000;

export const clientFrameSchema = z.discriminatedUnion('kind', [requestFrameSchema, activityFrameSchema]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const responseResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: serializedErrorSchema }),
]);
export type ResponseResult = z.infer<typeof responseResultSchema>;

export const serverFrameSchema = z.discriminatedUnion('kind', [
  /** The first frame on every socket: the token this tab uses to reconnect (kept in sessionStorage). */
  z.object({ kind: z.literal('welcome'), sessionToken: browserCredentialSchema }),
  z.object({ kind: z.literal('response'), id: z.number().int(), result: responseResultSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** WebSocket close codes of our own (4000–4999 are for applications). */
export const closeCodes = { badFrame: 4400, tooManyRequests: 4429 } as const;
