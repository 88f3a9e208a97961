// The bridge's pure parts: the upgrade decision, the frame parser, per-origin limits, what the
// holder reads of a record, and the signature log's chain (a changed, removed or inserted line
// is found).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bridgeLimits } from '../../../src-main/contract/bridge-wire';
import { consentItem, recordFromContent, recordFromDigest } from '../../../src-main/bridge/consent-items';
import { parseFrame } from '../../../src-main/bridge/json-rpc-frame';
import { OriginLimits } from '../../../src-main/bridge/origin-limits';
import { SignatureLog, verifySignatureLogText } from '../../../src-main/bridge/signature-log';
import { checkUpgrade } from '../../../src-main/bridge/upgrade-guard';

const summary = { patient: '李四', recordType: '病程记录', title: '记录', documentId: 'D-1' };
const httpsOnly = (origin: string) => origin.startsWith('https://');

describe('upgrade guard', () => {
  const base = {
    url: '/',
    host: '127.0.0.1:27183',
    origin: 'https://emr.example',
    port: 27183,
    mayConnect: httpsOnly,
  };
  it.each([
    [{}, true],
    [{ host: 'LOCALHOST:27183' }, true],
    [{ host: '[::1]:27183' }, true],
    [{ host: 'emr.example:27183' }, false],
    [{ host: '127.0.0.1' }, false],
    [{ origin: undefined }, false],
    [{ origin: 'null' }, false],
    [{ origin: 'http://emr.example' }, false],
    [{ origin: 'https://emr.example/' }, false],
    [{ origin: 'https://EMR.example' }, false],
    [{ url: '/?x=1' }, false],
  ])('%j → allowed %s', (change, allowed) => {
    expect(checkUpgrade({ ...base, ...change }).ok).toBe(allowed);
  });
});

describe('frame parser', () => {
  it('salvages the id of an invalid request and never echoes a PIN', () => {
    const parsed = parseFrame('{"jsonrpc":"2.0","id":7,"method":"auth.login","params":{"pin":"482916"}}');
    expect(parsed).toMatchObject({
      ok: false,
      response: { id: 7, error: { data: { code: 'pin-not-accepted' } } },
    });
    expect(JSON.stringify(parsed)).not.toContain('482916');
  });
});

describe('origin limits', () => {
  it('counts connections per origin and in all, and frees them once', () => {
    const limits = new OriginLimits();
    const releases = Array.from({ length: bridgeLimits.connectionsPerOrigin }, () =>
      limits.admit('https://a', true),
    );
    expect(limits.admit('https://a', true)).toBeNull();
    releases[0]!();
    releases[0]!();
    expect(limits.admit('https://a', true)).not.toBeNull();
    expect(limits.admit('https://a', true)).toBeNull();
  });

  it('keeps half the connections for approved origins', () => {
    const limits = new OriginLimits();
    for (let index = 0; index < bridgeLimits.connectionsTotal / 2; index++)
      expect(limits.admit(`https://s${index}.evil.example`, false)).not.toBeNull();
    expect(limits.admit('https://one-more.evil.example', false)).toBeNull();
    expect(limits.admit('https://emr.example', true)).not.toBeNull();
  });

  it('limits requests per minute per origin, and calls twice the limit a flood', () => {
    let now = 0;
    const limits = new OriginLimits(() => now);
    const verdicts = Array.from({ length: 2 * bridgeLimits.requestsPerMinutePerOrigin + 1 }, () =>
      limits.request('https://a'),
    );
    expect(verdicts[bridgeLimits.requestsPerMinutePerOrigin - 1]).toBe('ok');
    expect(verdicts[bridgeLimits.requestsPerMinutePerOrigin]).toBe('limited');
    expect(verdicts.at(-1)).toBe('flood');
    expect(limits.request('https://b')).toBe('ok');
    now += 61_000;
    expect(limits.request('https://a')).toBe('ok');
  });
});

describe('what the holder reads of a record', () => {
  it('shows the start of the text, marks it cut, and the digest of exactly the UTF-8 bytes', () => {
    const text = '病'.repeat(30);
    const item = consentItem(recordFromContent({ content: text }, summary), 10);
    expect(item).toMatchObject({ excerpt: '病'.repeat(10), excerptTruncated: true, byteLength: 90 });
    expect(item.digest).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('shows direction overrides and control characters as �, keeps line breaks', () => {
    const item = consentItem(recordFromContent({ content: 'a\u202eb\nc\u0007' }, summary), 100);
    expect(item.excerpt).toBe('a\ufffdb\nc\ufffd');
  });

  it('bytes that are not text: no excerpt, their size; a digest: 仅摘要', () => {
    const binary = consentItem(
      recordFromContent({ contentBase64: Buffer.from([0xff, 0xfe, 0x00]).toString('base64') }, summary),
      100,
    );
    expect(binary).toMatchObject({ excerpt: null, byteLength: 3, digestOnly: false });
    expect(consentItem(recordFromDigest('ab'.repeat(32), summary), 100)).toMatchObject({
      digestOnly: true,
      excerpt: null,
      digest: 'ab'.repeat(32),
    });
  });
});

describe('signature log chain', () => {
  const entry = (documentId: string) => ({
    time: '2026-11-30T10:00:00.000Z',
    origin: 'https://emr.example',
    method: 'sign.content' as const,
    summary: { ...summary, documentId },
    digest: 'cd'.repeat(32),
    certificateSerial: '01AB',
  });

  async function threeLines(): Promise<string[]> {
    const log = await SignatureLog.open(null);
    for (const id of ['D-1', 'D-2', 'D-3']) await log.append(entry(id));
    return log.memoryText().trim().split('\n');
  }

  it('verifies an untouched log, and finds a changed, removed or inserted line', async () => {
    const lines = await threeLines();
    expect(verifySignatureLogText(lines.join('\n'))).toMatchObject({ ok: true, entries: 3 });
    expect(verifySignatureLogText([lines[0], lines[1]!.replace('D-2', 'D-9'), lines[2]].join('\n'))).toEqual({
      ok: false,
      line: 2,
    });
    expect(verifySignatureLogText([lines[0], lines[2]].join('\n'))).toEqual({ ok: false, line: 2 });
    expect(verifySignatureLogText([lines[0], lines[0], lines[1], lines[2]].join('\n'))).toEqual({
      ok: false,
      line: 2,
    });
    expect(Object.keys(JSON.parse(lines[0]!) as object)).not.toContain('content');
  });

  it('writes a batch of 100 signatures with one write, and the chain verifies across batches', async () => {
    const writes: string[] = [];
    const log = SignatureLog.over(async (lines) => {
      writes.push(lines);
    });
    await log.append(entry('D-0'));
    await log.appendAll(Array.from({ length: 100 }, (_, index) => entry(`B-${index}`)));
    expect(writes.map((lines) => lines.trim().split('\n').length)).toEqual([1, 100]);
    expect(verifySignatureLogText(writes.join(''))).toMatchObject({ ok: true, entries: 101 });
  });

  it('lets a failed write leave no gap: the next lines chain to the last line written', async () => {
    const written: string[] = [];
    let failNext = false;
    const log = SignatureLog.over(async (lines) => {
      if (failNext) throw new Error('disk full');
      written.push(lines);
    });
    await log.append(entry('D-1'));
    failNext = true;
    await expect(log.appendAll([entry('D-2'), entry('D-3')])).rejects.toThrow('disk full');
    failNext = false;
    await log.append(entry('D-4'));
    expect(verifySignatureLogText(written.join(''))).toMatchObject({ ok: true, entries: 2 });
  });
});
