// The reference backend as a running process, attacked and restarted: oversize, malformed and
// wrongly protected CMP bodies get a clear answer and leave nothing behind; the same message
// gets the same bytes back and one transaction makes one request; a kill -9 in the middle of
// the approvals loses nothing; the console refuses forms without their CSRF token and foreign
// Host headers.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildCertReqMsg,
  buildHeader,
  certConfirmBody,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  macMessage,
  newTransactionId,
  pollRequestBody,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';
import {
  backendCliJson,
  seedDemoBackend,
  runBackendCli,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';

let work: string;
let data: string;
let backend: BackendProcess;
let logins: { username: string; password: string }[];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'backend-server-'));
  data = path.join(work, 'data');
  logins = seedDemoBackend(data, path.join(work, 'none')).logins;
  backend = await startBackend(data);
});
afterAll(async () => {
  await backend?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Read-only look into the backend's database, as an auditor would look. */
function query<T>(sql: string, ...parameters: unknown[]): T[] {
  const db = new Database(path.join(data, 'backend.sqlite3'), { readonly: true });
  try {
    return db.prepare(sql).all(...parameters) as T[];
  } finally {
    db.close();
  }
}
const requestCount = () => query<{ n: number }>('SELECT count(*) AS n FROM requests')[0]!.n;

async function postCmp(body: Uint8Array | Buffer, contentType = 'application/pkixcmp') {
  const response = await fetch(`${backend.origin}/.well-known/cmp`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function answerOf(bytes: Uint8Array) {
  const decoded = decodePkiMessage(bytes);
  const error = decoded.message.body.error;
  return {
    decoded,
    kind: decoded.kind,
    text: [...(error?.pKIStatusInfo.statusString ?? []), ...(error?.errorDetails ?? [])].join(' '),
  };
}

type Holder = {
  reference: string;
  code: string;
  key: KeyObject;
  spki: Uint8Array;
  transactionID: Uint8Array;
};

async function reissueCode(commonName: string): Promise<Holder> {
  const [row] = query<{ serial_hex: string }>(
    'SELECT serial_hex FROM certificates JOIN holders ON holders.id = certificates.holder_id WHERE common_name = ?',
    commonName,
  );
  const code = backendCliJson<{ reference: string; code: string }>([
    'authcode',
    '--holder',
    row!.serial_hex,
    '--purpose',
    'reissue',
    '--data',
    data,
  ]);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...code,
    key: privateKey,
    spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    transactionID: newTransactionId(),
  };
}

function macProtected(holder: Holder, body: PkiBody, recipNonce?: Uint8Array): Uint8Array {
  const header = buildHeader({
    senderNameDer: null,
    recipientNameDer: null,
    transactionID: holder.transactionID,
    senderKID: Buffer.from(holder.reference),
    recipNonce,
  });
  return encodePkiMessage(macMessage(header, body, Buffer.from(holder.code)));
}

async function irMessage(holder: Holder): Promise<Uint8Array> {
  const request = await buildCertReqMsg({
    subjectDer: new Uint8Array(AsnConvert.serialize(new Certificate().tbsCertificate.subject)),
    publicKeyDer: holder.spki,
    newKeySigner: rsaDigestSigner(holder.key),
  });
  return macProtected(holder, enrollmentBody('ir', request));
}

describe('reference backend server', () => {
  it('refuses an oversize body before reading it, and stays up', async () => {
    const { status } = await postCmp(Buffer.alloc(300 * 1024, 0x30));
    expect(status).toBe(413);
    expect((await fetch(`${backend.origin}/crl`)).status).toBe(200);
  });

  it.each([
    ['not DER at all', Buffer.from('hello, CA')],
    ['a truncated SEQUENCE', Buffer.from([0x30, 0x82, 0x10, 0x00, 0x02, 0x01])],
    ['DER that is not a PKIMessage', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05])],
  ])('answers %s with a signed CMP error and stores nothing', async (_name, body) => {
    const before = requestCount();
    const { status, bytes } = await postCmp(body);
    expect(status).toBe(200);
    const answer = answerOf(bytes);
    expect(answer.kind).toBe('error');
    expect(answer.text).toMatch(/PKIMessage|BER|DER/);
    expect(requestCount()).toBe(before);
    expect(backend.running()).toBe(true);
  });

  it('refuses another content type', async () => {
    expect((await postCmp(Buffer.from('x'), 'text/plain')).status).toBe(415);
  });

  it('refuses a MAC made with the wrong code, and remembers nothing of it', async () => {
    const holder = await reissueCode('李四');
    const forged = await irMessage({ ...holder, code: 'WRONGCODE234' });
    const before = query<{ n: number }>('SELECT count(*) AS n FROM cmp_answers')[0]!.n;
    const answer = answerOf((await postCmp(forged)).bytes);
    expect(answer.kind).toBe('error');
    expect(answer.text).toContain('MAC');
    expect(query<{ n: number }>('SELECT count(*) AS n FROM cmp_answers')[0]!.n).toBe(before);
    expect(query('SELECT * FROM requests WHERE kind = ?', 'reissue')).toEqual([]);
  });

  it('gives the same answer to the same message, and one request per transaction', async () => {
    const holder = await reissueCode('王五');
    const message = await irMessage(holder);
    const first = await postCmp(message);
    expect(backend.running(), backend.stderr()).toBe(true);
    const second = await postCmp(message);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(answerOf(first.bytes).decoded.message.body.ip?.response[0]?.status.status).toBe(3); // waiting
    expect(backend.running(), backend.stderr()).toBe(true);
    const retried = await postCmp(await irMessage(holder)); // same transaction, new nonce and signature
    expect(answerOf(retried.bytes).decoded.message.body.ip?.response[0]?.status.status).toBe(3);
    expect(
      query(
        'SELECT id FROM requests WHERE transaction_id = ?',
        Buffer.from(holder.transactionID).toString('hex'),
      ),
    ).toHaveLength(1);
  });

  it('survives kill -9 between the approvals: the request, its history and the transaction go on', async () => {
    const holder = await reissueCode('李四');
    const submitted = answerOf((await postCmp(await irMessage(holder))).bytes);
    const [request] = query<{ id: number }>(
      'SELECT id FROM requests WHERE transaction_id = ?',
      Buffer.from(holder.transactionID).toString('hex'),
    );
    expect(runBackendCli(['approve', String(request!.id), '--as', 'unit', '--data', data]).status).toBe(0);
    await backend.kill9();
    backend = await startBackend(data);

    const nonceOf = (answer: ReturnType<typeof answerOf>) =>
      new Uint8Array(answer.decoded.message.header.senderNonce!);
    const waiting = answerOf(
      (await postCmp(macProtected(holder, pollRequestBody(), nonceOf(submitted)))).bytes,
    );
    expect(waiting.kind).toBe('pollRep');
    expect([...(waiting.decoded.message.body.pollRep![0]!.reason ?? [])].join()).toContain('信息中心审批');
    expect(runBackendCli(['approve', String(request!.id), '--as', 'center', '--data', data]).status).toBe(0);

    const issued = answerOf((await postCmp(macProtected(holder, pollRequestBody(), nonceOf(waiting)))).bytes);
    expect(issued.kind).toBe('ip');
    const certificateDer = new Uint8Array(
      issued.decoded.message.body.ip!.response[0]!.certifiedKeyPair!.certOrEncCert.certificate!,
    );
    const confirmed = answerOf(
      (await postCmp(macProtected(holder, certConfirmBody({ certificateDer }), nonceOf(issued)))).bytes,
    );
    expect(confirmed.kind).toBe('pkiconf');
    expect(
      query<{ to_stage: string }>(
        'SELECT to_stage FROM request_transitions WHERE request_id = ? ORDER BY id',
        request!.id,
      ).map((row) => row.to_stage),
    ).toEqual(['submitted', 'unit-review', 'centre-review', 'issuing', 'awaiting-install', 'done']);
  });

  it('refuses a foreign Host (DNS rebinding) and a console form without its CSRF token', async () => {
    // fetch() sets Host itself; node:http sends the one a rebinding page would carry.
    const rebinding = await new Promise<number>((resolve, reject) =>
      http
        .get(
          {
            host: '127.0.0.1',
            port: backend.port,
            path: '/console/login',
            headers: { host: `evil.example:${backend.port}` },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode!);
          },
        )
        .on('error', reject),
    );
    expect(rebinding).toBe(421);
    const [pending] = query<{ id: number; unit_id: number }>(
      "SELECT id, unit_id FROM requests WHERE stage = 'unit-review'",
    );
    const admin = logins.find(
      (login) => login.username === (pending!.unit_id === 1 ? 'unit-admin' : 'unit2-admin'),
    )!;
    const login = await fetch(`${backend.origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: admin.username, password: admin.password }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const forged = await fetch(`${backend.origin}/console/requests/${pending!.id}/approve`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=guess',
    });
    expect(forged.status).toBe(403);
    expect(query<{ stage: string }>('SELECT stage FROM requests WHERE id = ?', pending!.id)[0]!.stage).toBe(
      'unit-review',
    );

    // The other unit's administrator, with a valid session and CSRF token, is refused by the server.
    const other = logins.find(
      (login) => login.username === (pending!.unit_id === 1 ? 'unit2-admin' : 'unit-admin'),
    )!;
    const otherLogin = await fetch(`${backend.origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: other.username, password: other.password }),
    });
    const otherCookie = otherLogin.headers.get('set-cookie')!.split(';')[0]!;
    const dashboard = await (
      await fetch(`${backend.origin}/console`, { headers: { cookie: otherCookie } })
    ).text();
    expect(dashboard).not.toContain(`/console/requests/${pending!.id}/approve`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(dashboard)![1]!;
    const crossUnit = await fetch(`${backend.origin}/console/requests/${pending!.id}/approve`, {
      method: 'POST',
      headers: { cookie: otherCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
    expect(crossUnit.status).toBe(409);
    expect(await crossUnit.text()).toContain('own unit');
    expect(query<{ stage: string }>('SELECT stage FROM requests WHERE id = ?', pending!.id)[0]!.stage).toBe(
      'unit-review',
    );
  });
});
