// The EMR bridge with an SM2 dual-pair USBKEY, as a hospital page and the holder meet it: the
// real browser-mode process on the virtual key, a page on the bridge, YiKey's window approving.
// Every signature is checked by OpenSSL alone (e = SM3(Z ‖ signed attributes) by OpenSSL,
// `pkeyutl -verify` with the SIGNING certificate's key), never by the code under test.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserModeProcess, type BrowserModeProcess } from '../e2e/fixtures/browser-mode-process';
import {
  emrOrigin,
  openApprovedCandidate,
  openHolderWindow,
  type BridgePage,
  type HolderWindow,
} from '../helpers/bridge-client';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
  opensslSm3,
} from '../helpers/openssl-sm2';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const summary = { patient: '王五', recordType: '病程记录', title: '日常病程记录', documentId: 'GM-0001' };

let keys: VirtualKeyHome;
let app: BrowserModeProcess;
let holder: HolderWindow;
let page: BridgePage;
let signingPem: string;
let encryptionPem: string;

beforeEach(async () => {
  keys = await createVirtualKeyHome();
  const made = await keys.initKey({ label: 'gm', algorithm: 'sm2', vendor: 'sansec', dual: true });
  signingPem = made.certificate!.file;
  encryptionPem = made.encryptionCertificate!.file;
  app = await startBrowserModeProcess(keys, { bridgeDecisionTimeoutMs: 4_000 });
  holder = await openHolderWindow(app);
  page = await openApprovedCandidate(await app.bridgeAddress());
  const hello = page.rpc('yikey.hello');
  const question = await holder.nextRequest();
  expect(question).toMatchObject({ kind: 'first-contact', origin: emrOrigin });
  await holder.decide(question.requestId, true);
  expect((await hello).result).toMatchObject({ keyPresent: true });
});
afterEach(async () => {
  page?.socket.terminate();
  holder?.close();
  await app?.stop();
  await keys?.cleanup();
});

/** Approves the next consent, typing the PIN in YiKey first when it asks for one. */
async function consent(): Promise<void> {
  const question = await holder.nextRequest();
  if (question.kind !== 'first-contact' && question.needsLogin) {
    expect((await holder.login(question.slotId, '123456')).ok).toBe(true);
  }
  expect((await holder.decide(question.requestId, true)).ok).toBe(true);
}

/** OpenSSL's verdict on a CMS signature over `content`: SM3 message digest, SM2 value on e. */
function opensslAccepts(content: Uint8Array, signatureBase64: string, certificatePath = signingPem): boolean {
  const parts = opensslSignerInfoParts(Buffer.from(signatureBase64, 'base64'));
  const attributes = Buffer.from(parts.signedAttributes!);
  // The signed attributes must carry OpenSSL's SM3 of exactly this content.
  if (!attributes.toString('hex').includes(Buffer.from(opensslSm3(content)).toString('hex'))) return false;
  const e = opensslSm2E(opensslSm2PublicPoint(certificatePath), attributes);
  return opensslSm2VerifyE(keys.home, certificatePath, e, parts.signature).ok;
}

describe('EMR bridge with an SM2 dual-pair USBKEY', () => {
  it('certs.list offers only the signing certificate of the pair, as SM2', async () => {
    const { certificates } = (await page.rpc('certs.list')).result as {
      certificates: { algorithm: string; certificate: string }[];
    };
    expect(certificates).toHaveLength(1);
    expect(certificates[0]!.algorithm).toBe('SM2');
  });

  it('auth.login, sign.content and sign.batch sign with the SM2 signing key; OpenSSL pkeyutl verifies each', async () => {
    const nonce = randomBytes(32).toString('base64url');
    const login = page.rpc('auth.login', { nonce });
    await consent();
    const answer = (await login).result as { content: string; signature: string };
    expect(answer).toBeDefined();
    const challenge = Buffer.from(answer.content, 'base64');
    expect(JSON.parse(challenge.toString('utf8'))).toMatchObject({ origin: emrOrigin, nonce });
    expect(opensslAccepts(challenge, answer.signature)).toBe(true);
    expect(opensslAccepts(challenge, answer.signature, encryptionPem)).toBe(false);

    const content = '主诉：咳嗽一周。\n查体：双肺呼吸音粗。';
    const signing = page.rpc('sign.content', { content, summary });
    await consent();
    const signed = (await signing).result as { signature: string; digest: string };
    expect(signed).toBeDefined();
    // The page and the holder see the SHA-256 of the text; the CMS inside uses SM3.
    expect(signed.digest).toBe(createHash('sha256').update(content, 'utf8').digest('hex'));
    expect(opensslAccepts(Buffer.from(content, 'utf8'), signed.signature)).toBe(true);
    expect(opensslAccepts(Buffer.from(`${content}。`, 'utf8'), signed.signature)).toBe(false);
    expect(opensslAccepts(Buffer.from(content, 'utf8'), signed.signature, encryptionPem)).toBe(false);

    const items = Array.from({ length: 3 }, (_, index) => ({
      content: `第${index + 1}次病程记录：病情平稳。`,
      summary: { ...summary, documentId: `GM-B-${index + 1}` },
    }));
    const batch = page.rpc('sign.batch', { items });
    await consent();
    const { results } = (await batch).result as { results: { ok: boolean; signature: string }[] };
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    results.forEach((result, index) =>
      expect(opensslAccepts(Buffer.from(items[index]!.content, 'utf8'), result.signature)).toBe(true),
    );
    expect(opensslAccepts(Buffer.from(items[1]!.content, 'utf8'), results[0]!.signature)).toBe(false);
  });
});

describe('sign.digest with an SM2 key', () => {
  const content = Buffer.from('外院检查报告 PDF 的字节', 'utf8');

  it('signs an SM3 digest (digestAlgorithm sm3): the consent says 仅摘要 with the digest; OpenSSL pkeyutl verifies', async () => {
    const digest = Buffer.from(opensslSm3(content)).toString('hex');
    const signing = page.rpc('sign.digest', { digest, digestAlgorithm: 'sm3', summary });
    const question = await holder.nextRequest();
    expect(question).toMatchObject({
      kind: 'sign',
      items: [{ digestOnly: true, excerpt: null, digest, digestAlgorithm: 'sm3' }],
    });
    if (question.kind !== 'sign') throw new Error('not a signing question');
    expect((await holder.login(question.slotId, '123456')).ok).toBe(true);
    expect((await holder.decide(question.requestId, true)).ok).toBe(true);
    const answer = (await signing).result as { signature: string; digest: string };
    expect(answer.digest).toBe(digest);
    expect(opensslAccepts(content, answer.signature)).toBe(true);
    expect(opensslAccepts(content.subarray(1), answer.signature)).toBe(false);
  });

  it('refuses a SHA-256 digest for the SM2 key (invalid-params, saying SM3) before the holder is asked', async () => {
    const digest = createHash('sha256').update(content).digest('hex');
    for (const params of [
      { digest, summary },
      { digest, digestAlgorithm: 'sha256', summary },
    ]) {
      const answer = await page.rpc('sign.digest', params);
      expect(answer.error?.data).toEqual({ code: 'invalid-params' });
      expect(answer.error?.message).toContain('SM3');
      expect(answer.error?.message).toContain('SM2');
    }
    expect(await page.rpc('sign.digest', { digest, digestAlgorithm: 'md5', summary })).toMatchObject({
      error: { data: { code: 'invalid-params' } },
    });
    expect(holder.requests).toEqual([]);
  });
});
