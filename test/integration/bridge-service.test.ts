// The EMR bridge end to end, as a hospital page and the holder meet it: the real browser-mode
// process on a virtual USBKEY, a page on the bridge (Node ws with an https Origin), and YiKey's
// window (the holder API socket) where the holder approves the first contact and each consent.
// Every signature is checked by OpenSSL; the signature log by its own chain.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authChallengeSchema } from '../../src-main/contract/bridge-wire';
import {
  startBrowserModeProcess,
  settingsPathFor,
  type BrowserModeProcess,
} from '../e2e/fixtures/browser-mode-process';
import {
  emrOrigin,
  openApprovedCandidate,
  openHolderWindow,
  type BridgePage,
  type HolderWindow,
} from '../helpers/bridge-client';
import { opensslCmsVerify } from '../helpers/openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const summary = {
  patient: '李四',
  recordType: '病程记录',
  title: '首次病程记录',
  documentId: 'DOC-2026-0001',
};

let keys: VirtualKeyHome;
let app: BrowserModeProcess;
let holder: HolderWindow;
let page: BridgePage;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'yikey-bridge-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(async () => {
  keys = await createVirtualKeyHome();
  await keys.initKey({ label: 'doctor' });
  app = await startBrowserModeProcess(keys, { bridgeDecisionTimeoutMs: 4_000 });
  holder = await openHolderWindow(app);
  page = await openApprovedCandidate(await app.bridgeAddress());
});
afterEach(async () => {
  page?.socket.terminate();
  holder?.close();
  await app?.stop();
  await keys?.cleanup();
});

/** The page says hello; the holder approves the first contact in YiKey's window. */
async function approveFirstContact(): Promise<void> {
  const hello = page.rpc('yikey.hello');
  const question = await holder.nextRequest();
  expect(question).toMatchObject({ kind: 'first-contact', origin: emrOrigin });
  expect((await holder.decide(question.requestId, true)).ok).toBe(true);
  expect((await hello).result).toMatchObject({ protocol: 'yikey-bridge/1', keyPresent: true });
}

/** Approves the next consent, logging in with the PIN in YiKey first when it asks for one. */
async function consent(question?: Awaited<ReturnType<HolderWindow['nextRequest']>>): Promise<void> {
  question ??= await holder.nextRequest();
  if (question.kind !== 'first-contact' && question.needsLogin) {
    expect((await holder.login(question.slotId, '123456')).ok).toBe(true);
  }
  expect((await holder.decide(question.requestId, true)).ok).toBe(true);
}

function verifiesWithOpenssl(content: Buffer, signatureBase64: string): boolean {
  const contentFile = path.join(work, `${randomBytes(6).toString('hex')}.txt`);
  const signatureFile = `${contentFile}.p7s`;
  writeFileSync(contentFile, content);
  writeFileSync(signatureFile, Buffer.from(signatureBase64, 'base64'));
  const verdict = opensslCmsVerify({ content: contentFile, signature: signatureFile, caFile: keys.caPath });
  if (!verdict.ok) console.error(verdict.output);
  return verdict.ok;
}

describe('EMR bridge with the holder in YiKey', () => {
  it('first contact: hello waits for the holder, the approval is kept, certs.list shows the signing certificate', async () => {
    await approveFirstContact();
    const listed = await page.rpc('certs.list');
    const certificates = (
      listed.result as { certificates: { id: string; subject: string; status: string }[] }
    ).certificates;
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({ subject: '张三', status: 'valid' });
    expect(certificates[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    // A second page of the same site is not asked again.
    const again = await openApprovedCandidate(await app.bridgeAddress());
    expect((await again.rpc('yikey.hello')).result).toMatchObject({ keyPresent: true });
    again.socket.close();
    const status = await holder.call('bridge:status', {});
    expect(status.output).toMatchObject({ approvals: [{ origin: emrOrigin, source: 'holder' }] });
  });

  it('sign.content: the consent shows origin, summary, text and digest; PIN typed in YiKey; OpenSSL verifies; the log has no content', async () => {
    await approveFirstContact();
    const content = '主诉：发热三天。\n现病史：患者三天前无明显诱因出现发热，最高体温39.2℃。';
    const signing = page.rpc('sign.content', { content, summary });
    const question = await holder.nextRequest();
    const digest = createHash('sha256').update(content, 'utf8').digest('hex');
    expect(question).toMatchObject({
      kind: 'sign',
      origin: emrOrigin,
      batch: false,
      needsLogin: true,
      certificate: { commonName: '张三' },
      items: [{ summary, digest, digestOnly: false, excerpt: content, excerptTruncated: false }],
    });
    if (question.kind !== 'sign') throw new Error('not a signing question');
    expect((await holder.login(question.slotId, '123456')).ok).toBe(true);
    expect((await holder.decide(question.requestId, true)).ok).toBe(true);
    const answer = await signing;
    expect(answer.result).toMatchObject({ digest });
    expect(verifiesWithOpenssl(Buffer.from(content, 'utf8'), answer.result!.signature as string)).toBe(true);

    const log = readFileSync(
      path.join(path.dirname(settingsPathFor(keys)), 'bridge-signatures.jsonl'),
      'utf8',
    );
    expect(log).toContain(digest);
    expect(log).toContain('DOC-2026-0001');
    expect(log).not.toContain('发热');
  });

  it('sign.digest: the consent says 仅摘要 (no excerpt); the CAdES message digest is the given hash', async () => {
    await approveFirstContact();
    const content = Buffer.from('外院检查报告 PDF 的字节', 'utf8');
    const digest = createHash('sha256').update(content).digest('hex');
    const signing = page.rpc('sign.digest', { digest, summary });
    const question = await holder.nextRequest();
    expect(question).toMatchObject({ kind: 'sign', items: [{ digestOnly: true, excerpt: null, digest }] });
    if (question.kind !== 'sign') throw new Error('not a signing question');
    await holder.login(question.slotId, '123456');
    await holder.decide(question.requestId, true);
    const answer = await signing;
    expect(verifiesWithOpenssl(content, answer.result!.signature as string)).toBe(true);
  });

  it('sign.digest refuses an SM3 digest for an RSA key (invalid-params, saying SHA-256) before the holder is asked', async () => {
    await approveFirstContact();
    const digest = createHash('sha256').update('报告', 'utf8').digest('hex');
    const answer = await page.rpc('sign.digest', { digest, digestAlgorithm: 'sm3', summary });
    expect(answer.error?.data).toEqual({ code: 'invalid-params' });
    expect(answer.error?.message).toContain('SHA-256');
    expect(holder.requests).toEqual([]);
  });

  it('auth.login: signs exactly the origin-bound challenge it returns', async () => {
    await approveFirstContact();
    const nonce = randomBytes(32).toString('base64url');
    const login = page.rpc('auth.login', { nonce });
    const question = await holder.nextRequest();
    expect(question).toMatchObject({ kind: 'login', origin: emrOrigin });
    await consent(question);
    const answer = (await login).result as { content: string; signature: string; certificate: string };
    const content = Buffer.from(answer.content, 'base64');
    const challenge = authChallengeSchema.parse(JSON.parse(content.toString('utf8')));
    expect(challenge).toMatchObject({ origin: emrOrigin, nonce, type: 'yikey-auth', version: 1 });
    expect(Math.abs(Date.parse(challenge.time) - Date.now())).toBeLessThan(60_000);
    expect(verifiesWithOpenssl(content, answer.signature)).toBe(true);
  });

  it('sign.batch: one consent lists every record, progress notifications, a verified signature per record', async () => {
    await approveFirstContact();
    const items = Array.from({ length: 5 }, (_, index) => ({
      content: `第${index + 1}次病程记录：病情平稳。`,
      summary: { ...summary, documentId: `DOC-${index + 1}` },
    }));
    const signing = page.rpc('sign.batch', { items });
    const question = await holder.nextRequest();
    expect(question).toMatchObject({ kind: 'sign', batch: true });
    expect(question.kind === 'sign' && question.items.map((item) => item.summary.documentId)).toEqual([
      'DOC-1',
      'DOC-2',
      'DOC-3',
      'DOC-4',
      'DOC-5',
    ]);
    await consent(question);
    const { results } = (await signing).result as {
      results: { documentId: string; ok: boolean; signature: string }[];
    };
    expect(results.map((result) => [result.documentId, result.ok])).toEqual(
      items.map((item) => [item.summary.documentId, true]),
    );
    results.forEach((result, index) =>
      expect(verifiesWithOpenssl(Buffer.from(items[index]!.content, 'utf8'), result.signature)).toBe(true),
    );
    const progress = page.notifications.filter((entry) => entry.method === 'sign.progress');
    expect(progress.at(-1)?.params).toMatchObject({ done: 5, total: 5 });
  });

  it('refusal, a second request while one waits (busy), and the time limit sign nothing and say why', async () => {
    await approveFirstContact();
    const refused = page.rpc('sign.content', { content: 'x', summary });
    const question = await holder.nextRequest();
    expect((await page.rpc('sign.content', { content: 'y', summary })).error?.data).toEqual({ code: 'busy' });
    await holder.decide(question.requestId, false);
    expect((await refused).error?.data).toEqual({ code: 'user-cancelled' });

    const waited = page.rpc('sign.content', { content: 'z', summary });
    const timedOut = await holder.nextRequest();
    expect((await waited).error?.data).toEqual({ code: 'consent-timeout' });
    const outcomes = new Map([...holder.ended].map((entry) => [entry.requestId, entry.outcome]));
    expect([outcomes.get(question.requestId), outcomes.get(timedOut.requestId)]).toEqual([
      'refused',
      'timeout',
    ]);
  });

  it('an expired certificate answers certificate-expired before the holder is asked anything', async () => {
    await approveFirstContact();
    await keys.unplug('doctor');
    await keys.initKey({ label: 'old', expiredDaysAgo: 3 });
    const answer = await page.rpc('sign.content', { content: '病程记录', summary });
    expect(answer.error?.data).toEqual({ code: 'certificate-expired' });
    expect(holder.requests).toEqual([]);
  });

  it('a key pulled out while the holder reads the consent: key-removed, and the page hears key.removed', async () => {
    await approveFirstContact();
    const signing = page.rpc('sign.content', { content: '出院小结', summary });
    await holder.nextRequest();
    await keys.unplug('doctor');
    expect((await signing).error?.data).toEqual({ code: 'key-removed' });
    await page.nextNotification('key.removed');
    await page.nextNotification('session.locked');
    await keys.plug('doctor');
    await page.nextNotification('key.inserted');
  });

  it('a key pulled out during a batch: the records signed stay signed, the rest say key-removed', async () => {
    await approveFirstContact();
    await keys.setLatency('doctor', { op: 'C_Sign', ms: 150 });
    const items = Array.from({ length: 40 }, (_, index) => ({
      content: `记录${index}`,
      summary: { ...summary, documentId: `B-${index}` },
    }));
    const signing = page.rpc('sign.batch', { items });
    await consent();
    await page.nextNotification('sign.progress');
    await keys.unplug('doctor');
    const { results } = (await signing).result as {
      results: { ok: boolean; signature?: string; error?: { code: string } }[];
    };
    const signed = results.filter((result) => result.ok);
    const failed = results.filter((result) => !result.ok);
    expect(signed.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((result) => result.error?.code))).toEqual(new Set(['key-removed']));
    results.forEach((result, index) => {
      if (result.ok)
        expect(verifiesWithOpenssl(Buffer.from(items[index]!.content, 'utf8'), result.signature!)).toBe(true);
    });
  });
});
