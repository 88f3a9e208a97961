// Attacks on the reference backend kept as tests (issue 8), second part: the genm polls and the
// rotation report of a PIN unlock must echo the nonce of one of the backend's answers in their
// transaction, as pollReq must — a replayed old genm, a made-up recipNonce or none (once the
// holder has echoed one) get a CMP error and change nothing; a first genm rebuilt after its
// answer was lost (YiKey died before journaling it) is still answered. And a per-address rate
// limit: a flood of CMP messages from one address gets HTTP 429 with Retry-After, another
// address is still served, and the flooding one is served again once its bucket refilled.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AsnConvert } from '@peculiar/asn1-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodePkiMessage, newTransactionId } from '../../../src-main/cmp/index';
import { PinUnlockStatus } from '../../../src-main/cmp/pin-unlock-info';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { issueUnlockCode, pinUnlockGenm } from '../../helpers/pin-unlock-messages';
import { backendCliJson } from '../../helpers/provincial-backend-process';

const rate = { perSecond: 2, burst: 20 };

let world: BackendAndHolders;

beforeAll(async () => {
  world = await startBackendAndHolders(
    'backend-unlock-nonce-',
    async (home) => void (await home.initKey({ maxTries: 3 })),
    { cmpRateLimit: rate },
  );
});
afterAll(async () => await world?.stop());

/** One POST from `localAddress` (127.0.0.1 unless told): status, Retry-After and body. */
function postFrom(
  body: Uint8Array,
  localAddress = '127.0.0.1',
): Promise<{ status: number; retryAfter?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${world.backend.origin}/.well-known/cmp`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/pkixcmp' }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'] as string | undefined,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function cmpAnswer(body: Uint8Array) {
  const response = await postFrom(body);
  expect(response.status).toBe(200);
  const decoded = decodePkiMessage(new Uint8Array(response.body));
  const error = decoded.message.body.error;
  return { decoded, kind: decoded.kind, text: [...(error?.pKIStatusInfo.statusString ?? [])].join(' ') };
}

const unlocks = () =>
  backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', world.data]).filter(
    (request) => request.kind === 'unlock',
  );

describe('reference backend: nonces on the genm of a PIN unlock', () => {
  it(
    'refuses a replayed, made-up or missing recipNonce; a rebuilt first genm is answered',
    { timeout: 60_000 },
    async () => {
      const code = issueUnlockCode(world.data, world.importedCertificates[0]!);
      const transactionID = newTransactionId();
      const genm = (action: number, recipNonce?: Uint8Array) =>
        pinUnlockGenm({ code, transactionID, action, recipNonce });
      const statusOf = (answer: Awaited<ReturnType<typeof cmpAnswer>>) => {
        expect(answer.kind, answer.text).toBe('genp');
        return Number(
          AsnConvert.parse(answer.decoded.message.body.genp![0]!.infoValue!, PinUnlockStatus).status,
        );
      };
      const nonceOf = (answer: Awaited<ReturnType<typeof cmpAnswer>>) =>
        new Uint8Array(answer.decoded.message.header.senderNonce!);

      const firstMessage = genm(0);
      const first = await cmpAnswer(firstMessage);
      expect(statusOf(first)).toBe(3); // waiting: unit review
      // The answer was lost: YiKey builds its first genm again (new senderNonce, no recipNonce).
      const rebuilt = await cmpAnswer(genm(0));
      expect(statusOf(rebuilt)).toBe(3);
      expect(unlocks()).toHaveLength(1);
      const polled = await cmpAnswer(genm(0, nonceOf(rebuilt)));
      expect(statusOf(polled)).toBe(3);

      const before = JSON.stringify(unlocks());
      const missing = await cmpAnswer(genm(0));
      expect(missing.kind).toBe('error');
      expect(missing.text).toMatch(/recipNonce is missing/);
      const madeUp = await cmpAnswer(genm(1, randomBytes(16)));
      expect(madeUp.kind).toBe('error');
      expect(madeUp.text).toMatch(/recipNonce does not echo/);
      const replayed = await cmpAnswer(firstMessage);
      expect(replayed.kind).toBe('error');
      expect(replayed.text).toMatch(/重放|replayed/);
      expect(JSON.stringify(unlocks())).toBe(before);
      // The genuine dialogue goes on: an older answer's nonce is accepted too (a crash between
      // an answer and its journal entry), the latest one of course.
      expect(statusOf(await cmpAnswer(genm(0, nonceOf(first))))).toBe(3);
      expect(statusOf(await cmpAnswer(genm(0, nonceOf(polled))))).toBe(3);
    },
  );
});

describe('reference backend: CMP messages per client address', () => {
  it(
    'answers a flood from one address with 429 and Retry-After; others are served; it recovers',
    { timeout: 60_000 },
    async () => {
      // Refill the bucket the test above used (2 per second up to 20).
      await expect
        .poll(async () => (await postFrom(Buffer.from([0x30, 0x00]))).status, { timeout: 15_000 })
        .toBe(200);
      const flood = await Promise.all(
        Array.from({ length: rate.burst * 2 }, () => postFrom(Buffer.from([0x30, 0x00]))),
      );
      const limited = flood.filter((response) => response.status === 429);
      // The burst passes (some of it may meet the 8-in-flight cap: 503); at 2 per second only a
      // few more can have refilled while the flood was sent.
      expect(limited.length).toBeGreaterThanOrEqual(rate.burst - 10);
      for (const response of limited) {
        expect(Number(response.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(response.body.toString('utf8')).toContain('请求过于频繁');
      }
      // Malformed DER from another address still gets its CMP error: its bucket is its own.
      const other = await postFrom(Buffer.from([0x30, 0x00]), '127.0.0.2');
      expect(other.status).toBe(200);
      expect(decodePkiMessage(new Uint8Array(other.body)).kind).toBe('error');
      await expect
        .poll(async () => (await postFrom(Buffer.from([0x30, 0x00]))).status, { timeout: 15_000 })
        .toBe(200);
    },
  );
});
