// The EMR server's login check against logins signed by OpenSSL (an independent CMS signer),
// including every way a login can be wrong: other origin, replayed nonce, stale time, tampered
// content, another signer, an untrusted chain, an expired certificate, malformed answers.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemToDer } from '../../../src-main/certs/pem';
import { createNonceStore, verifyLogin, verifySignature } from '../../../src-main/bridge-verifier';
import {
  opensslCa,
  opensslSignDetached,
  opensslSigner,
  type OpensslSigner,
} from '../../helpers/openssl-signer';

const origin = 'https://emr.hospital.example';
const nonce = Buffer.alloc(32, 7).toString('base64url');
const minute = 60_000;

let dir: string;
let caPem: string;
let doctor: OpensslSigner;
let colleague: OpensslSigner;
let stranger: OpensslSigner;
let sequence = 0;

function loginJson(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'yikey-auth',
    version: 1,
    origin,
    nonce,
    time: new Date().toISOString(),
    ...fields,
  });
}

/** Signs `text` with OpenSSL as `signer` and shapes it as auth.login's answer. */
function signedAnswer(signer: OpensslSigner, text: string) {
  const file = join(dir, `content-${sequence++}.json`);
  writeFileSync(file, text);
  const signature = readFileSync(opensslSignDetached(signer, file));
  return {
    certificate: Buffer.from(pemToDer(readFileSync(signer.certPath, 'utf8'))).toString('base64'),
    content: Buffer.from(text, 'utf8').toString('base64'),
    signature: signature.toString('base64'),
  };
}

const options = () => ({ expectedOrigin: origin, issuedNonce: nonce, trustedCAs: [caPem] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-verifier-'));
  const ca = opensslCa(dir);
  caPem = readFileSync(ca.certPath, 'utf8');
  doctor = opensslSigner(dir, { commonName: '张三', ca });
  colleague = opensslSigner(dir, { commonName: '李四', ca });
  mkdirSync(join(dir, 'other'));
  const otherCa = opensslCa(join(dir, 'other'));
  stranger = opensslSigner(dir, { commonName: '张三', ca: otherCa });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyLogin', () => {
  it('accepts a login signed for this origin and nonce, now, by a certificate of a trusted CA', async () => {
    const result = await verifyLogin(signedAnswer(doctor, loginJson()), options());
    expect(result).toMatchObject({ ok: true, origin });
    if (!result.ok) return;
    expect(result.signer.subject.commonName).toBe('张三');
    expect(Buffer.from(result.certificate, 'base64')).toEqual(
      Buffer.from(pemToDer(readFileSync(doctor.certPath, 'utf8'))),
    );
  });

  it.each([
    ['signed for another web site', () => loginJson({ origin: 'https://evil.example' }), 'origin-mismatch'],
    ['the origin with a trailing slash', () => loginJson({ origin: `${origin}/` }), 'origin-mismatch'],
    [
      'a nonce issued for another login',
      () => loginJson({ nonce: Buffer.alloc(32, 8).toString('base64url') }),
      'nonce-mismatch',
    ],
    [
      'signed 6 minutes ago',
      () => loginJson({ time: new Date(Date.now() - 6 * minute).toISOString() }),
      'stale',
    ],
    [
      'signed 6 minutes ahead',
      () => loginJson({ time: new Date(Date.now() + 6 * minute).toISOString() }),
      'stale',
    ],
    ['a time that is not ISO UTC', () => loginJson({ time: 'yesterday' }), 'malformed-content'],
    ['another type', () => loginJson({ type: 'yikey-sign' }), 'wrong-type'],
    ['another version', () => loginJson({ version: 2 }), 'unsupported-version'],
    ['an extra field', () => loginJson({ admin: true }), 'malformed-content'],
    ['no JSON at all', () => 'origin=https://emr.hospital.example', 'malformed-content'],
  ])('refuses a login %s', async (_, text, code) => {
    expect(await verifyLogin(signedAnswer(doctor, text()), options())).toMatchObject({ ok: false, code });
  });

  it('accepts a login signed 4 minutes ago (within the allowed clock skew)', async () => {
    const answer = signedAnswer(doctor, loginJson({ time: new Date(Date.now() - 4 * minute).toISOString() }));
    expect(await verifyLogin(answer, options())).toMatchObject({ ok: true });
  });

  it('refuses tampered content: a signed login for another site edited to name this one', async () => {
    const answer = signedAnswer(doctor, loginJson({ origin: 'https://evil.example' }));
    const edited = { ...answer, content: Buffer.from(loginJson(), 'utf8').toString('base64') };
    expect(await verifyLogin(edited, options())).toMatchObject({ ok: false, code: 'content-changed' });
  });

  it("refuses a login whose certificate is not the signer's (a colleague's certificate presented)", async () => {
    const answer = signedAnswer(doctor, loginJson());
    const colleagueDer = pemToDer(readFileSync(colleague.certPath, 'utf8'));
    const swapped = { ...answer, certificate: Buffer.from(colleagueDer).toString('base64') };
    expect(await verifyLogin(swapped, options())).toMatchObject({ ok: false, code: 'certificate-mismatch' });
  });

  it('refuses a signer that does not chain to a trusted CA (same name, other CA)', async () => {
    const result = await verifyLogin(signedAnswer(stranger, loginJson()), options());
    expect(result).toMatchObject({ ok: false, code: 'untrusted-certificate' });
    expect(
      await verifyLogin(signedAnswer(doctor, loginJson()), { ...options(), trustedCAs: [] }),
    ).toMatchObject({
      ok: false,
      code: 'untrusted-certificate',
    });
  });

  it('refuses a certificate that has expired by now (the signed time moves with the clock)', async () => {
    const later = new Date(Date.now() + 40 * 24 * 60 * minute); // the test certificates last 30 days
    const answer = signedAnswer(doctor, loginJson({ time: later.toISOString() }));
    expect(await verifyLogin(answer, { ...options(), now: later })).toMatchObject({
      ok: false,
      code: 'certificate-expired',
    });
  });

  it.each([
    ['not an object', null],
    ['fields missing', { content: 'AA==' }],
    ['non-base64 fields', { certificate: '证书', content: '!!', signature: '??' }],
    ['numbers', { certificate: 1, content: 2, signature: 3 }],
  ])('answers a malformed answer (%s) with malformed-answer', async (_, answer) => {
    expect(await verifyLogin(answer as never, options())).toMatchObject({
      ok: false,
      code: 'malformed-answer',
    });
  });

  it('answers a signature that is not CMS with signature-malformed', async () => {
    const answer = {
      ...signedAnswer(doctor, loginJson()),
      signature: Buffer.from('not a CMS structure').toString('base64'),
    };
    expect(await verifyLogin(answer, options())).toMatchObject({ ok: false, code: 'signature-malformed' });
  });
});

describe('createNonceStore', () => {
  it('issues 32-byte base64url nonces that are accepted once (a replay is refused)', () => {
    const store = createNonceStore();
    const issued = store.issue();
    expect(Buffer.from(issued, 'base64url')).toHaveLength(32);
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.consume(issued)).toBe(true);
    expect(store.consume(issued)).toBe(false);
    expect(store.consume(store.issue().replace(/.$/, '_'))).toBe(false);
  });

  it('refuses a nonce after its lifetime', () => {
    let now = 0;
    const store = createNonceStore({ lifetimeMs: 1000, now: () => now });
    const issued = store.issue();
    now = 1001;
    expect(store.consume(issued)).toBe(false);
  });
});

describe('verifySignature', () => {
  const record = '病程记录：患者王五，男，65岁。今日查房，体温正常，继续当前治疗。';
  let signature: string;
  let doctorCertificate: string;

  beforeAll(() => {
    const answer = signedAnswer(doctor, record);
    signature = answer.signature;
    doctorCertificate = answer.certificate;
  });

  it('accepts the record, or its SHA-256, signed by a trusted certificate', async () => {
    const digest = createHash('sha256').update(record, 'utf8').digest('hex');
    const byContent = await verifySignature({ content: record }, signature, { trustedCAs: [caPem] });
    expect(byContent).toMatchObject({ ok: true, digest, certificate: doctorCertificate });
    expect(await verifySignature({ digest }, signature, { trustedCAs: [caPem] })).toMatchObject({
      ok: true,
      digest,
    });
    expect(
      await verifySignature({ content: Buffer.from(record, 'utf8') }, Buffer.from(signature, 'base64'), {
        trustedCAs: [caPem],
        expectedCertificate: doctorCertificate,
      }),
    ).toMatchObject({ ok: true });
  });

  it('refuses a changed record, a wrong digest, another signer and an untrusted one', async () => {
    const trusted = { trustedCAs: [caPem] };
    expect(await verifySignature({ content: `${record} ` }, signature, trusted)).toMatchObject({
      code: 'content-changed',
    });
    expect(await verifySignature({ digest: 'a'.repeat(64) }, signature, trusted)).toMatchObject({
      code: 'content-changed',
    });
    expect(await verifySignature({ digest: 'A'.repeat(64) }, signature, trusted)).toMatchObject({
      code: 'malformed-answer',
    });
    const colleagueDer = pemToDer(readFileSync(colleague.certPath, 'utf8'));
    expect(
      await verifySignature({ content: record }, signature, {
        ...trusted,
        expectedCertificate: colleagueDer,
      }),
    ).toMatchObject({ code: 'certificate-mismatch' });
    const strangers = signedAnswer(stranger, record).signature;
    expect(await verifySignature({ content: record }, strangers, trusted)).toMatchObject({
      code: 'untrusted-certificate',
    });
    expect(await verifySignature({ content: record }, '不是签名', trusted)).toMatchObject({
      code: 'signature-malformed',
    });
  });
});
