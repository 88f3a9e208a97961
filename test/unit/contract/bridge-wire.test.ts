// The bridge's wire schemas (src-main/contract/bridge-wire.ts): what a page may send and what it
// is refused, checked on the pure schemas.
import { describe, expect, it } from 'vitest';
import {
  authChallengeJson,
  authChallengeSchema,
  authLoginParamsSchema,
  containsPinLikeField,
  jsonRpcRequestSchema,
  signBatchParamsSchema,
  signContentParamsSchema,
  signDigestParamsSchema,
} from '../../../src-main/contract/bridge-wire';

const summary = { patient: '李四', recordType: '病程记录', title: '首次病程记录', documentId: 'DOC-1' };
const nonce32 = Buffer.alloc(32, 7).toString('base64url');

describe('bridge wire schemas', () => {
  it('accepts a JSON-RPC request and refuses extra envelope fields', () => {
    expect(
      jsonRpcRequestSchema.safeParse({ jsonrpc: '2.0', id: 1, method: 'yikey.hello', params: {} }).success,
    ).toBe(true);
    expect(jsonRpcRequestSchema.safeParse({ jsonrpc: '2.0', id: 1, method: 'x', extra: 1 }).success).toBe(
      false,
    );
    expect(jsonRpcRequestSchema.safeParse({ jsonrpc: '1.0', id: 1, method: 'x' }).success).toBe(false);
  });

  it('takes exactly one of content and contentBase64', () => {
    expect(signContentParamsSchema.safeParse({ content: '主诉：发热', summary }).success).toBe(true);
    expect(signContentParamsSchema.safeParse({ contentBase64: 'AAEC', summary }).success).toBe(true);
    expect(signContentParamsSchema.safeParse({ summary }).success).toBe(false);
    expect(signContentParamsSchema.safeParse({ content: 'a', contentBase64: 'AAEC', summary }).success).toBe(
      false,
    );
  });

  it('refuses direction overrides and control characters in the clinical summary', () => {
    const spoofed = { ...summary, patient: '李四\u202e' };
    expect(signContentParamsSchema.safeParse({ content: 'x', summary: spoofed }).success).toBe(false);
    const newline = { ...summary, title: 'a\nb' };
    expect(signDigestParamsSchema.safeParse({ digest: 'a'.repeat(64), summary: newline }).success).toBe(
      false,
    );
  });

  it('wants a nonce of 32 to 128 bytes in base64url', () => {
    expect(authLoginParamsSchema.safeParse({ nonce: nonce32 }).success).toBe(true);
    expect(authLoginParamsSchema.safeParse({ nonce: Buffer.alloc(31).toString('base64url') }).success).toBe(
      false,
    );
    expect(authLoginParamsSchema.safeParse({ nonce: Buffer.alloc(129).toString('base64url') }).success).toBe(
      false,
    );
    expect(
      authLoginParamsSchema.safeParse({ nonce: Buffer.alloc(32).toString('base64') + '+' }).success,
    ).toBe(false);
  });

  it('writes the login challenge with a fixed key order that the schema reads back', () => {
    const json = authChallengeJson('https://emr.example', nonce32, new Date('2026-01-02T03:04:05Z'));
    expect(json).toBe(
      `{"type":"yikey-auth","version":1,"origin":"https://emr.example","nonce":"${nonce32}","time":"2026-01-02T03:04:05.000Z"}`,
    );
    expect(authChallengeSchema.parse(JSON.parse(json)).origin).toBe('https://emr.example');
  });

  it('bounds a batch to 1..500 items', () => {
    const item = { content: 'x', summary };
    expect(signBatchParamsSchema.safeParse({ items: [item] }).success).toBe(true);
    expect(signBatchParamsSchema.safeParse({ items: [] }).success).toBe(false);
    expect(signBatchParamsSchema.safeParse({ items: Array(501).fill(item) }).success).toBe(false);
  });

  it.each([
    { pin: '1' },
    { PIN: '1' },
    { soPin: '1' },
    { user_pin: '1' },
    { password: 'x' },
    { a: [{ b: { userPassword: 1 } }] },
    { 密码: '1' },
  ])('finds a PIN-like field in %j', (value) => expect(containsPinLikeField(value)).toBe(true));

  it.each([{ content: 'pin' }, { spinner: 1 }, { summary }, ['pin']])('finds none in %j', (value) =>
    expect(containsPinLikeField(value)).toBe(false),
  );
});
