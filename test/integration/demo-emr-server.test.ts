// The demo EMR's server with logins and signatures made by OpenSSL (no YiKey here): it accepts
// a login for its own origin and nonce once, stores a record's signature only when it is the
// logged-in doctor's over the server's own copy of the record, and both our verifier and
// `openssl cms -verify` agree; and it refuses malformed or cross-site requests.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemToDer } from '../../src-main/certs/pem';
import { demoRecords } from '../demo-emr/demo-records';
import { startDemoEmr, type DemoEmr } from '../demo-emr/start-demo-emr';
import { opensslCmsVerify } from '../helpers/openssl';
import { opensslCa, opensslSignDetached, opensslSigner, type OpensslSigner } from '../helpers/openssl-signer';

let dir: string;
let caPath: string;
let doctor: OpensslSigner;
let colleague: OpensslSigner;
let emr: DemoEmr;
let sequence = 0;

function signText(signer: OpensslSigner, text: string): string {
  const file = join(dir, `signed-${sequence++}.txt`);
  writeFileSync(file, text);
  return readFileSync(opensslSignDetached(signer, file)).toString('base64');
}

function certificateOf(signer: OpensslSigner): string {
  return Buffer.from(pemToDer(readFileSync(signer.certPath, 'utf8'))).toString('base64');
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${emr.origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: emr.origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, response };
}

async function loginAnswer(signer: OpensslSigner, fields: Record<string, string> = {}) {
  const { body } = await post('/api/login/nonce', {});
  const nonce = body.nonce as string;
  const text = JSON.stringify({
    type: 'yikey-auth',
    version: 1,
    origin: emr.origin,
    nonce,
    time: new Date().toISOString(),
    ...fields,
  });
  const answer = {
    certificate: certificateOf(signer),
    content: Buffer.from(text).toString('base64'),
    signature: signText(signer, text),
  };
  return { nonce, answer };
}

async function logIn(signer: OpensslSigner): Promise<string> {
  const { nonce, answer } = await loginAnswer(signer);
  const login = await post('/api/login', { nonce, answer });
  expect(login.status).toBe(200);
  return login.response.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-demo-emr-'));
  const ca = opensslCa(dir);
  caPath = ca.certPath;
  doctor = opensslSigner(dir, { commonName: '张三', ca });
  colleague = opensslSigner(dir, { commonName: '李四', ca });
  mkdirSync(join(dir, 'data'));
  emr = await startDemoEmr({ trustedCaFile: caPath, dataDirectory: join(dir, 'data'), http: true });
});

afterAll(async () => {
  await emr?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo EMR login', () => {
  it('logs the doctor in with a login signed for its origin and nonce, once', async () => {
    const { nonce, answer } = await loginAnswer(doctor);
    const first = await post('/api/login', { nonce, answer });
    expect(first.status).toBe(200);
    expect(first.body.doctor).toMatchObject({ name: '张三', unit: '某某市第一人民医院' });
    const cookie = first.response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    const me = await fetch(`${emr.origin}/api/me`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    // The same answer again (a replay): its nonce is spent.
    expect(await post('/api/login', { nonce, answer })).toMatchObject({
      status: 401,
      body: { error: 'nonce-unknown' },
    });
  });

  it('refuses a login signed for another site', async () => {
    const { nonce, answer } = await loginAnswer(doctor, { origin: 'https://evil.example' });
    expect(await post('/api/login', { nonce, answer })).toMatchObject({
      status: 401,
      body: { error: 'origin-mismatch' },
    });
  });
});

describe('demo EMR signatures', () => {
  const record = demoRecords[0]!;

  it("stores the logged-in doctor's signature of the record, which OpenSSL verifies from the database", async () => {
    const cookie = await logIn(doctor);
    const signature = signText(doctor, record.text);
    const stored = await post(
      '/api/signatures',
      { signatures: [{ documentId: record.documentId, signature, mode: 'content' }] },
      { Cookie: cookie },
    );
    expect(stored.body.results).toEqual([
      { documentId: record.documentId, ok: true, verifiedAt: expect.any(String) },
    ]);

    const rows = new Database(emr.databaseFile, { readonly: true })
      .prepare('SELECT document_id, doctor, signature FROM signatures WHERE document_id = ?')
      .all(record.documentId) as { document_id: string; doctor: string; signature: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.doctor).toBe('张三');
    writeFileSync(join(dir, 'stored.txt'), record.text);
    writeFileSync(join(dir, 'stored.p7s'), Buffer.from(rows[0]!.signature, 'base64'));
    expect(
      opensslCmsVerify({
        content: join(dir, 'stored.txt'),
        signature: join(dir, 'stored.p7s'),
        caFile: caPath,
      }).ok,
    ).toBe(true);
  });

  it("refuses a colleague's signature, a signature of other text and an unknown record, storing nothing", async () => {
    const before = emr.signatures().length;
    const cookie = await logIn(doctor);
    const stored = await post(
      '/api/signatures',
      {
        signatures: [
          { documentId: record.documentId, signature: signText(colleague, record.text) },
          { documentId: record.documentId, signature: signText(doctor, `${record.text}（已改）`) },
          { documentId: 'BC-404', signature: signText(doctor, record.text) },
        ],
      },
      { Cookie: cookie },
    );
    expect(stored.body.results).toEqual([
      { documentId: record.documentId, ok: false, reason: 'certificate-mismatch' },
      { documentId: record.documentId, ok: false, reason: 'content-changed' },
      { documentId: 'BC-404', ok: false, reason: 'unknown-record' },
    ]);
    expect(emr.signatures()).toHaveLength(before);
  });

  it('refuses requests without a session, from another origin, oversized or malformed', async () => {
    const signatures = [{ documentId: record.documentId, signature: 'AA==' }];
    expect(await post('/api/signatures', { signatures })).toMatchObject({ status: 401 });
    expect(await post('/api/login/nonce', {}, { Origin: 'https://evil.example' })).toMatchObject({
      status: 403,
    });
    expect((await post('/api/login', 'x'.repeat(3 * 1024 * 1024))).status).toBe(413);
    expect((await post('/api/login', '{not json')).status).toBe(400);
    // Still serving, on a fresh connection (the refused upload's connection may be closed).
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(`${emr.origin}/api/config`, { agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject),
    );
    expect(status).toBe(200);
  });
});
