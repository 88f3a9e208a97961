// The request card's "what happens next" and 撤回 confirmation speak of the request's own kind:
// a revocation never promises a new certificate, a change is never called a renewal, and every
// kind and stage has words in both languages (no raw key reaches the holder).
import { describe, expect, it } from 'vitest';
import {
  requestKindSchema,
  requestProgressSchema,
  type RequestKind,
} from '../../../src-main/contract/certificate-requests';
import { nextStepKeys, withdrawConfirmKeys } from '../../../src-renderer/components/request-card-words';
import { en } from '../../../src-renderer/i18n/en';
import { zhCN } from '../../../src-renderer/i18n/zh-cn';

type Strings = { [key: string]: string | Strings };

/** What i18next shows for a list of keys: the first that exists. */
function resolve(table: unknown, keys: string[]): string {
  for (const key of keys) {
    let node: unknown = table;
    for (const part of key.split('.')) node = (node as Strings | undefined)?.[part];
    if (typeof node === 'string') return node;
  }
  throw new Error(`No words for ${keys.join(' | ')}`);
}

const tables = { 'zh-CN': zhCN, en } as const;
const renewalWords = { 'zh-CN': /续期/, en: /renew/i } as const;

describe('request card words', () => {
  it('has words for every kind at every stage, in Chinese and English', () => {
    for (const kind of requestKindSchema.options)
      for (const progress of requestProgressSchema.options)
        for (const table of Object.values(tables))
          expect(resolve(table, nextStepKeys(kind, progress))).not.toBe('');
  });

  it('never tells of a renewal when the request is a change, a revocation or an unlock', () => {
    const others: RequestKind[] = ['change', 'revoke', 'reissue', 'unlock'];
    for (const kind of others)
      for (const progress of requestProgressSchema.options)
        for (const [language, table] of Object.entries(tables) as [keyof typeof tables, unknown][])
          expect(resolve(table, nextStepKeys(kind, progress)), `${kind} ${progress} ${language}`).not.toMatch(
            renewalWords[language],
          );
  });

  it('says what really happens next for a revocation: the CA revokes, nothing new is made', () => {
    expect(resolve(zhCN, nextStepKeys('revoke', 'issuing'))).toBe(
      '审批已通过，证书服务机构正在注销这张证书。',
    );
    expect(resolve(zhCN, nextStepKeys('revoke', 'preparing'))).not.toMatch(/新密钥/);
    expect(resolve(zhCN, nextStepKeys('revoke', 'installing'))).not.toMatch(/新证书/);
    expect(resolve(zhCN, nextStepKeys('change', 'issuing'))).toContain('新信息');
    expect(resolve(zhCN, nextStepKeys('renew', 'issuing'))).toBe('审批已通过，证书服务机构正在制作新证书。');
  });

  it('names the kind of request in the 撤回 confirmation', () => {
    expect(resolve(zhCN, withdrawConfirmKeys('renew'))).toContain('续期申请');
    expect(resolve(zhCN, withdrawConfirmKeys('change'))).toContain('变更申请');
    expect(resolve(zhCN, withdrawConfirmKeys('revoke'))).toContain('注销申请');
    expect(resolve(zhCN, withdrawConfirmKeys('reissue'))).toContain('补办申请');
    expect(resolve(en, withdrawConfirmKeys('revoke'))).toContain('revocation request');
    expect(resolve(zhCN, withdrawConfirmKeys('change'))).not.toContain('续期');
    // A kind without words of its own still gets a sentence, never a raw key.
    expect(resolve(zhCN, withdrawConfirmKeys('unlock'))).toBe(zhCN.requests.withdrawConfirmAny);
  });
});
