// Attacks on the reference backend kept as tests (issue 8): a follow-up message must echo the
// nonce of one of the backend's answers in its transaction — a replayed old pollReq, a made-up
// recipNonce or none at all get a CMP error and change nothing; waiting answers name the review
// stage in YiKey's InfoTypeAndValue; a flood of connections is turned away and the server
// answers again once it is over.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildCertReqMsg,
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  macMessage,
  newTransactionId,
  pollRequestBody,
  readReviewStage,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';
import {
  backendCliJson,
  seedDemoBackend,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';
import { maxConnections } from '../../provincial-backend/http/backend-server';

let work: string;
let data: string;
let backend: BackendProcess;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'backend-nonce-'));
  data = path.join(work, 'data');
  seedDemoBackend(data, path.join(work, 'none'));
  backend = await startBackend(data);
});
afterAll(async () => {
  await backend?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function post(body: Uint8Array) {
  const response = await fetch(`${backend.origin}/.well-known/cmp`, {
    method: 'POST',
    headers: { 'content-type': 'application/pkixcmp' },
    body,
  });
  expect(response.status).toBe(200);
  const decoded = decodePkiMessage(new Uint8Array(await response.arrayBuffer()));
  const error = decoded.message.body.error;
  return { decoded, kind: decoded.kind, text: [...(error?.pKIStatusInfo.statusString ?? [])].join(' ') };
}

const backendRequests = () =>
  backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]);

describe('reference backend: nonces on follow-up messages', () => {
  it('refuses a replayed, made-up or missing recipNonce', async () => {
    const db = new Database(path.join(data, 'backend.sqlite3'), { readonly: true });
    const holder = db.prepare('SELECT serial_hex AS serial FROM certificates LIMIT 1').get() as {
      serial: string;
    };
    db.close();
    const code = backendCliJson<{ reference: string; code: string }>([
      'authcode',
      '--holder',
      holder!.serial,
      '--purpose',
      'reissue',
      '--data',
      data,
    ]);
    const transactionID = newTransactionId();
    const protect = (body: PkiBody, recipNonce?: Uint8Array, ofTransaction = transactionID) =>
      encodePkiMessage(
        macMessage(
          buildHeader({
            senderNameDer: null,
            recipientNameDer: null,
            transactionID: ofTransaction,
            senderKID: Buffer.from(code.reference),
            recipNonce,
          }),
          body,
          Buffer.from(code.code),
        ),
      );
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const request = await buildCertReqMsg({
      subjectDer: new Uint8Array(AsnConvert.serialize(new Certificate().tbsCertificate.subject)),
      publicKeyDer: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
      newKeySigner: rsaDigestSigner(privateKey),
    });
    const first = await post(protect(enrollmentBody('ir', request)));
    expect(first.kind, first.text).toBe('ip');
    // MAC-protected answers carry no stage info (docs/cmp-profile.md, OpenSSL 3.0).
    expect(readReviewStage(first.decoded.message.header)).toBeUndefined();

    const firstPoll = protect(pollRequestBody(), new Uint8Array(first.decoded.message.header.senderNonce!));
    const polled = await post(firstPoll);
    expect(polled.kind, polled.text).toBe('pollRep');
    expect([...(polled.decoded.message.body.pollRep![0]!.reason ?? [])].join()).toContain('单位审核');
    const secondPoll = protect(pollRequestBody(), new Uint8Array(polled.decoded.message.header.senderNonce!));
    expect((await post(secondPoll)).kind).toBe('pollRep');
    // The latest message again (a resend after a lost answer) gets its answer.
    expect((await post(secondPoll)).kind).toBe('pollRep');

    const before = JSON.stringify(backendRequests());
    const replayed = await post(firstPoll);
    expect(replayed.kind).toBe('error');
    expect(replayed.text).toMatch(/重放|replayed/);
    const madeUp = await post(protect(pollRequestBody(), randomBytes(16)));
    expect(madeUp.kind).toBe('error');
    expect(madeUp.text).toMatch(/recipNonce/);
    const missing = await post(protect(pollRequestBody()));
    expect(missing.kind).toBe('error');
    expect(missing.text).toMatch(/recipNonce is missing/);
    // No transactionID at all: a CMP error in words (was an HTTP 500 once), nothing remembered.
    const withoutTransaction = await post(protect(pollRequestBody(), undefined, new Uint8Array(0)));
    expect(withoutTransaction.kind).toBe('error');
    expect(withoutTransaction.text).toMatch(/transactionID is missing/);
    expect(JSON.stringify(backendRequests())).toBe(before);
    // The genuine dialogue goes on after the refusals.
    expect((await post(secondPoll)).kind).toBe('pollRep');
  });
});

describe('reference backend: a flood of connections', () => {
  it('closes sockets beyond its cap and answers again once the flood is over', async () => {
    const flood = maxConnections + 100;
    let closedByServer = 0;
    const sockets = await Promise.all(
      Array.from(
        { length: flood },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(backend.port, '127.0.0.1', () => resolve(socket));
            socket.on('error', () => undefined);
            socket.on('close', () => closedByServer++);
          }),
      ),
    );
    // Every socket over the cap is closed by the server; the others stay open and idle.
    await expect.poll(() => closedByServer).toBeGreaterThanOrEqual(flood - maxConnections);
    for (const socket of sockets) socket.destroy();
    await expect.poll(async () => (await fetch(`${backend.origin}/ca.pem`)).status).toBe(200);
  });
});
