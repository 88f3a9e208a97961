// PIN unlocks in 我的申请: each journal stage in the holder's terms, the reviewer's reason when
// 已驳回, and never a 撤回 / 重新提交 / 安装 button (an unlock continues on the locked-PIN screen).
import { describe, expect, it } from 'vitest';
import { requestViewSchema } from '../../../src-main/contract/certificate-requests';
import type { UnlockRecord } from '../../../src-main/holder/pin-unlock-requests';
import { unlockViewSchema } from '../../../src-main/contract/pin-unlock';
import { unlockRequestView } from '../../../src-main/holder-api/unlock-request-view';
import { unlockView } from '../../../src-main/holder-api/unlock-service';

function record(changes: Partial<UnlockRecord>): UnlockRecord {
  return {
    version: 1,
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'unlock',
    stage: 'waiting',
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    token: { serial: 'S1', label: 'doctor' },
    reference: '1234567890',
    transactionId: 'cc',
    senderNonce: 'dd',
    statusText: [],
    history: [],
    ...changes,
  };
}

describe('unlockRequestView', () => {
  it.each([
    [{ stage: 'request-ready' as const }, 'preparing'],
    [{ stage: 'waiting' as const, statusText: ['单位审核 Unit review'] }, 'unit-review'],
    [{ stage: 'waiting' as const, statusText: ['制证 Issuing'] }, 'issuing'],
    [{ stage: 'waiting' as const }, 'submitted'],
    [{ stage: 'approved' as const }, 'ready-to-install'],
    [{ stage: 'unlocking' as const }, 'installing'],
    [{ stage: 'rotated' as const }, 'installing'],
    [{ stage: 'completed' as const }, 'completed'],
  ])('%j is %s, with no buttons, valid on the wire', (changes, progress) => {
    const view = unlockRequestView(record(changes));
    expect(view).toMatchObject({
      kind: 'unlock',
      progress,
      canWithdraw: false,
      canResubmit: false,
      canInstall: false,
    });
    expect(requestViewSchema.safeParse(view).success).toBe(true);
  });

  it('gives the reviewer’s reason when rejected, and a problem only while open', () => {
    const rejected = unlockRequestView(
      record({
        stage: 'rejected',
        statusText: ['已驳回：请本人到场', 'Rejected: come in person'],
        lastError: { code: 'request-rejected', message: 'rejection', at: '2026-11-30T09:00:00.000Z' },
      }),
    );
    expect(rejected).toMatchObject({ progress: 'rejected', rejectionReason: '请本人到场', problem: null });
    const down = unlockRequestView(
      record({ lastError: { code: 'backend-unreachable', message: 'ECONNREFUSED', at: 'x' } }),
    );
    expect(down.problem).toEqual({ code: 'backend-unreachable', message: 'ECONNREFUSED' });
    const unknown = unlockRequestView(record({ lastError: { code: 'no-such-code', message: 'm', at: 'x' } }));
    expect(unknown.problem?.code).toBe('internal-error');
  });

  it('names the review stage for the waiting screen: from the answer’s header, else from the backend’s words', () => {
    // The header's stage wins over words that say otherwise.
    const named = unlockView(record({ reviewStage: 'issuing', statusText: ['单位审核 Unit review'] }));
    expect(named).toMatchObject({ reviewStage: 'issuing', statusText: ['单位审核 Unit review'] });
    expect(unlockViewSchema.safeParse(named).success).toBe(true);
    // A journal written before YiKey kept the stage: the words still name it.
    expect(unlockView(record({ statusText: ['单位审核 Unit review'] })).reviewStage).toBe('unit-review');
    expect(unlockView(record({ statusText: ['Bitte warten'] })).reviewStage).toBeNull();
    expect(unlockView(record({ stage: 'approved', reviewStage: 'issuing' })).reviewStage).toBeNull();
    expect(unlockRequestView(record({ reviewStage: 'issuing', statusText: [] })).progress).toBe('issuing');
  });

  it('gives the locked-PIN screen the reviewer’s reason without the backend’s 已驳回 prefix', () => {
    const rejected = unlockView(
      record({ stage: 'rejected', statusText: ['已驳回：请本人到场', 'Rejected: come in person'] }),
    );
    expect(rejected.rejectionReason).toBe('请本人到场');
    expect(unlockViewSchema.safeParse(rejected).success).toBe(true);
    expect(unlockView(record({ statusText: ['单位审核 Unit review'] })).rejectionReason).toBeNull();
  });
});
