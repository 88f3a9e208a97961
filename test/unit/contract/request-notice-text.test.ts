// Which stage changes the holder is told about (in-app notice and desktop notification).
import { describe, expect, it } from 'vitest';
import {
  requestProgressSchema,
  type RequestChange,
  type RequestKind,
} from '../../../src-main/contract/certificate-requests';
import { requestChangeNotice } from '../../../src-main/contract/request-notice-text';

const change = (from: RequestChange['from'], to: RequestChange['to']): RequestChange => ({
  id: '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b',
  kind: 'renew',
  from,
  to,
});

describe('requestChangeNotice', () => {
  it('announces what reviewers did, Chinese first and English second', () => {
    expect(requestChangeNotice(change('unit-review', 'center-review'), 'zh-CN')?.title).toBe(
      '续期申请：单位已审核通过',
    );
    expect(requestChangeNotice(change('center-review', 'rejected'), 'en')?.title).toBe(
      'Renewal request rejected',
    );
    expect(requestChangeNotice(change('issuing', 'ready-to-install'), 'zh-CN')?.body).toContain(
      '安装续期证书',
    );
  });

  it('names a change or a revocation as such; a completed revocation says the key no longer signs', () => {
    const revocation = { ...change('center-review', 'completed'), kind: 'revoke' as const };
    expect(requestChangeNotice(revocation, 'zh-CN')).toEqual({
      title: '证书已注销',
      body: '密钥已从USBKEY中删除，不能再用于签名。',
    });
    expect(
      requestChangeNotice({ ...revocation, to: 'center-review', from: 'unit-review' }, 'en')?.title,
    ).toBe('Revocation: approved by your unit');
    const changeRequest = { ...change('unit-review', 'rejected'), kind: 'change' as const };
    expect(requestChangeNotice(changeRequest, 'zh-CN')?.title).toBe('变更申请被驳回');
  });

  it('tells of a PIN unlock in its own words: approved means “set a new PIN”, not “install”', () => {
    const unlock = (from: RequestChange['from'], to: RequestChange['to']): RequestChange => ({
      ...change(from, to),
      kind: 'unlock',
    });
    expect(requestChangeNotice(unlock('submitted', 'unit-review'), 'zh-CN')?.title).toBe(
      'PIN码解锁：单位审核中',
    );
    expect(requestChangeNotice(unlock('unit-review', 'ready-to-install'), 'zh-CN')).toEqual({
      title: 'PIN码解锁已批准',
      body: '请插入USBKEY，在“PIN码已锁定”页面输入授权码，设置新的PIN码。',
    });
    expect(requestChangeNotice(unlock('unit-review', 'rejected'), 'en')?.title).toBe('PIN unlock rejected');
    expect(requestChangeNotice(unlock('ready-to-install', 'completed'), 'zh-CN')?.title).toBe(
      'PIN码解锁已完成',
    );
  });

  it('never uses renewal words for any other kind of request, in either language', () => {
    const others: RequestKind[] = ['change', 'revoke', 'reissue', 'unlock'];
    for (const kind of others)
      for (const to of requestProgressSchema.options)
        for (const language of ['zh-CN', 'en'] as const) {
          const notice = requestChangeNotice({ ...change('submitted', to), kind }, language);
          if (!notice) continue;
          const words = `${notice.title} ${notice.body}`;
          expect(words, `${kind} → ${to} (${language})`).not.toMatch(/续期|[Rr]enew/);
        }
  });

  it('stays quiet about the holder’s own steps', () => {
    expect(requestChangeNotice(change(null, 'unit-review'), 'zh-CN')).toBeNull();
    expect(requestChangeNotice(change('preparing', 'submitted'), 'zh-CN')).toBeNull();
    expect(requestChangeNotice(change('ready-to-install', 'installing'), 'zh-CN')).toBeNull();
    expect(requestChangeNotice(change('installing', 'completed'), 'zh-CN')).toBeNull();
    expect(requestChangeNotice(change('unit-review', 'unit-review'), 'zh-CN')).toBeNull();
  });
});
