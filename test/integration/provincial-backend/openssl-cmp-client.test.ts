// OpenSSL 3.0's `openssl cmp` client, an independent CMP implementation, against the reference
// backend: ir with a reference number and authorisation code, kur signed with the current
// certificate and rr, each through the approvals (CLI) with polling, certConf → pkiconf; every
// issued certificate passes `openssl verify` against the backend's CA and the CRL lists what
// was revoked. The holder to start from is the virtual key's holder, imported by seed-demo.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  backendCliJson,
  seedDemoBackend,
  runBackendCli,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';
import { createVirtualKeyHome, type VirtualKeyHome } from '../../helpers/vusbkey-fixture';

type RequestRow = { id: number; kind: string; stage: string; rejectReason: string | null };

let work: string;
let data: string;
let keys: VirtualKeyHome;
let backend: BackendProcess;
let caFile: string;
let imported: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'backend-openssl-'));
  data = path.join(work, 'data');
  keys = await createVirtualKeyHome();
  await keys.initKey({ days: 20 });
  [imported] = seedDemoBackend(data, keys.home).importedCertificates as [string];
  backend = await startBackend(data);
  caFile = path.join(data, 'ca', 'ca.cert.pem');
});
afterAll(async () => {
  await backend?.stop();
  await keys?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const file = (name: string) => path.join(work, name);
const requests = () => backendCliJson<RequestRow[]>(['requests', '--data', data]);
const cli = (...args: string[]) => {
  const result = runBackendCli([...args, '--data', data]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

function newKey(name: string, algorithm: 'EC' | 'RSA'): string {
  const options =
    algorithm === 'EC' ? ['-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-pkeyopt', 'rsa_keygen_bits:2048'];
  spawnSync('openssl', ['genpkey', '-algorithm', algorithm, ...options, '-out', file(name)]);
  return file(name);
}

/** Starts `openssl cmp` (it polls by itself while approvals are pending) and returns its outcome later. */
function opensslCmp(args: string[]) {
  const child = spawn(
    'openssl',
    ['cmp', '-server', `127.0.0.1:${backend.port}`, '-path', '.well-known/cmp', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, output }));
}

/** kur signed by the certificate and key saved as `current`, for a new key saved as `next`. */
function opensslKur(current: string, next: string, algorithm: 'EC' | 'RSA') {
  return opensslCmp([
    ...['-cmd', 'kur', '-cert', file(`${current}.pem`), '-key', file(`${current}.key`)],
    ...['-newkey', newKey(`${next}.key`, algorithm), '-trusted', caFile, '-certout', file(`${next}.pem`)],
  ]);
}

/** Read-only look into the backend's database (a CLI run per poll would cost a second each). */
function requestsInDatabase(): RequestRow[] {
  const db = new Database(path.join(data, 'backend.sqlite3'), { readonly: true });
  try {
    return db
      .prepare('SELECT id, kind, stage, reject_reason AS rejectReason FROM requests')
      .all() as RequestRow[];
  } finally {
    db.close();
  }
}

async function waitForRequest(kind: string, stage: string): Promise<RequestRow> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = requestsInDatabase().find((request) => request.kind === kind && request.stage === stage);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${kind} request at ${stage}: ${JSON.stringify(requestsInDatabase())}`);
}

const opensslVerify = (certificate: string) =>
  spawnSync('openssl', ['verify', '-CAfile', caFile, certificate], { encoding: 'utf8' }).stdout.trim();

async function crlText(): Promise<string> {
  const der = Buffer.from(await (await fetch(`${backend.origin}/crl`)).arrayBuffer());
  return spawnSync('openssl', ['crl', '-inform', 'DER', '-CAfile', caFile, '-noout', '-text'], {
    input: der,
    encoding: 'utf8',
  }).stdout;
}

const serialOf = (certificate: string) =>
  spawnSync('openssl', ['x509', '-in', certificate, '-noout', '-serial'], { encoding: 'utf8' })
    .stdout.trim()
    .replace('serial=', '');

describe('openssl cmp client against the reference backend', () => {
  it('re-issues with ir, a reference number and an authorisation code, after both approvals', async () => {
    const code = backendCliJson<{ reference: string; code: string }>([
      'authcode',
      '--holder',
      imported,
      '--purpose',
      'reissue',
      '--data',
      data,
    ]);
    const outcome = opensslCmp([
      ...['-cmd', 'ir', '-ref', code.reference, '-secret', `pass:${code.code}`],
      ...['-newkey', newKey('ir.key', 'EC'), '-subject', '/CN=ignored', '-certout', file('ir.pem')],
    ]);
    const pending = await waitForRequest('reissue', 'unit-review');
    cli('approve', String(pending.id), '--as', 'unit');
    cli('approve', String(pending.id), '--as', 'center');
    const { code: exit, output } = await outcome;
    expect(exit, output).toBe(0);
    expect(output).toContain('received polling response with reason');
    expect(output).toContain('received PKICONF');
    expect(opensslVerify(file('ir.pem'))).toBe(`${file('ir.pem')}: OK`);
    const subject = spawnSync(
      'openssl',
      ['x509', '-in', file('ir.pem'), '-noout', '-subject', '-nameopt', 'utf8'],
      { encoding: 'utf8' },
    ).stdout;
    expect(subject).toContain('O=某某市第一人民医院, CN=张三'); // the holder on record, not the -subject asked for
    expect(requests().find((request) => request.id === pending.id)?.stage).toBe('done');
    // The same code cannot be used twice.
    const again = await opensslCmp([
      '-cmd',
      'ir',
      '-ref',
      code.reference,
      '-secret',
      `pass:${code.code}`,
      '-newkey',
      newKey('ir2.key', 'EC'),
      '-subject',
      '/CN=x',
      '-certout',
      file('ir2.pem'),
    ]);
    expect(again.code).not.toBe(0);
  });

  it('renews with kur signed by the current certificate; the replaced one is on the CRL as superseded', async () => {
    const outcome = opensslKur('ir', 'kur', 'RSA');
    const pending = await waitForRequest('renew', 'unit-review');
    cli('approve', String(pending.id), '--as', 'unit');
    cli('approve', String(pending.id), '--as', 'center');
    const { code, output } = await outcome;
    expect(code, output).toBe(0);
    expect(opensslVerify(file('kur.pem'))).toBe(`${file('kur.pem')}: OK`);
    const crl = await crlText();
    expect(crl).toContain(`Serial Number: ${serialOf(file('ir.pem'))}`);
    expect(crl).toContain('Superseded');
  });

  it('shows a rejection and its reason to the client', async () => {
    const outcome = opensslKur('kur', 'rejected', 'EC');
    const pending = await waitForRequest('renew', 'unit-review');
    cli('reject', String(pending.id), '--as', 'unit', '--reason', '请先到人事处更新工号');
    const { code, output } = await outcome;
    expect(code).not.toBe(0);
    expect(output).toContain('请先到人事处更新工号');
    expect(requests().find((request) => request.id === pending.id)).toMatchObject({
      stage: 'rejected',
      rejectReason: '请先到人事处更新工号',
    });
  });

  it('revokes at once with rr for a leaked key, publishes it on the CRL, and refuses that certificate afterwards', async () => {
    const { code, output } = await opensslCmp([
      ...['-cmd', 'rr', '-oldcert', file('kur.pem'), '-cert', file('kur.pem'), '-key', file('kur.key')],
      ...['-revreason', '1', '-trusted', caFile],
    ]);
    expect(code, output).toBe(0);
    expect(output).toContain('revocation accepted');
    const crl = await crlText();
    expect(crl).toContain(`Serial Number: ${serialOf(file('kur.pem'))}`);
    expect(crl).toContain('Key Compromise');
    const refused = await opensslCmp([
      ...[
        '-cmd',
        'kur',
        '-cert',
        file('kur.pem'),
        '-key',
        file('kur.key'),
        '-newkey',
        newKey('late.key', 'EC'),
      ],
      ...['-trusted', caFile, '-certout', file('late.pem')],
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('revoked');
  });

  it('keeps serving after all of it', () => {
    expect(backend.running()).toBe(true);
    expect(readFileSync(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
