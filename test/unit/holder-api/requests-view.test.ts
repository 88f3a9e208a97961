// 我的申请's view of the request journal: the stage in the holder's terms (the reference
// backend's statusString names the review stage), the reviewer's reason, and which of
// 撤回 / 重新提交 / 安装 is offered.
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src-main/holder/certificate-requests';
import { requestViews } from '../../../src-main/holder-api/requests-view';

let counter = 0;
function record(changes: Partial<RequestRecord>): RequestRecord {
  counter += 1;
  return {
    version: 1,
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    kind: 'renew',
    stage: 'waiting',
    createdAt: `2026-11-${String(counter).padStart(2, '0')}T08:00:00.000Z`,
    updatedAt: '2026-11-30T08:00:00.000Z',
    token: { serial: 'S1', label: 'doctor' },
    oldKeyId: 'aa',
    oldCertificate: 'AA==',
    oldCertificateFingerprint: 'F1',
    newKeyId: 'bb',
    keyAlgorithm: 'RSA',
    transactionId: 'cc',
    senderNonce: 'dd',
    statusText: [],
    history: [],
    ...changes,
  };
}

describe('requestViews', () => {
  it('reads the review stage from the backend words and offers 撤回 while under review', () => {
    const [view] = requestViews([record({ statusText: ['信息中心审批 Information centre approval'] })]);
    expect(view).toMatchObject({ progress: 'center-review', canWithdraw: true, canResubmit: false });
    const [issuing] = requestViews([record({ statusText: ['制证 Issuing'] })]);
    expect(issuing).toMatchObject({ progress: 'issuing', canWithdraw: false });
    const [named] = requestViews([record({ reviewStage: 'unit-review', statusText: ['x'] })]);
    expect(named!.progress).toBe('unit-review');
  });

  it('shows the rejection reason and offers 重新提交 on the newest ended request only', () => {
    const older = record({ stage: 'rejected', statusText: ['已驳回：材料不全', 'Rejected: 材料不全'] });
    const newer = record({ stage: 'rejected', statusText: ['已驳回：未盖章', 'Rejected: 未盖章'] });
    const views = requestViews([older, newer]);
    expect(views.map((view) => [view.rejectionReason, view.canResubmit])).toEqual([
      ['未盖章', true],
      ['材料不全', false],
    ]);
  });

  it('no 重新提交 while another request for the certificate is open, or after it was renewed', () => {
    const rejected = record({ stage: 'rejected', statusText: ['已驳回：x'] });
    expect(requestViews([rejected, record({})])[1]!.canResubmit).toBe(false);
    expect(requestViews([rejected, record({ stage: 'completed' })])[1]!.canResubmit).toBe(false);
  });

  it('no 重新提交 for a rejected change or revocation: they need their details again', () => {
    for (const kind of ['change', 'revoke'] as const)
      expect(
        requestViews([record({ kind, stage: 'rejected', statusText: ['已驳回：x'] })])[0]!.canResubmit,
      ).toBe(false);
  });

  it('a withdrawal made in the console reads as 已撤回; 待安装 offers 安装', () => {
    const [withdrawn] = requestViews([record({ stage: 'rejected', statusText: ['已撤回 Withdrawn'] })]);
    expect(withdrawn).toMatchObject({ progress: 'withdrawn', rejectionReason: null });
    const [ready] = requestViews([record({ stage: 'issued' })]);
    expect(ready).toMatchObject({ progress: 'ready-to-install', canInstall: true, canWithdraw: false });
  });

  it('a problem is shown with its code until the request ends', () => {
    const lastError = { code: 'backend-unreachable', message: 'ECONNREFUSED', at: '2026-11-30T08:00:00Z' };
    const [waiting] = requestViews([record({ lastError })]);
    expect(waiting!.problem).toEqual({ code: 'backend-unreachable', message: 'ECONNREFUSED' });
    const [odd] = requestViews([record({ lastError: { ...lastError, code: 'no-such-code' } })]);
    expect(odd!.problem!.code).toBe('internal-error');
  });
});
