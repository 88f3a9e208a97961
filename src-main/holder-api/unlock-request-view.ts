// PIN unlocks in 我的申请 (requests:list): the unlock journal's records in the shape of the
// other requests, so the holder sees them with their stage. They have no certificate and offer
// no 撤回 / 重新提交 / 安装 buttons: an unlock continues on the locked-PIN screen. Pure: no I/O.
import type { RequestProgress, RequestView, ReviewStage } from '../contract/certificate-requests';
import { isErrorCode } from '../contract/yikey-error';
import { rejectionReasonFromText, reviewStageFromText } from '../contract/request-stage-text';
import type { UnlockRecord } from '../holder/pin-unlock-requests';

/** Who reviews a waiting unlock; a journal written before YiKey kept the stage has only the words. */
export function unlockReviewStage(record: UnlockRecord): ReviewStage | null {
  if (record.stage !== 'waiting') return null;
  return record.reviewStage ?? reviewStageFromText(record.statusText) ?? null;
}

function progressOf(record: UnlockRecord): RequestProgress {
  switch (record.stage) {
    case 'request-ready':
      return 'preparing';
    case 'waiting':
      return unlockReviewStage(record) ?? 'submitted';
    case 'approved':
      return 'ready-to-install';
    case 'unlocking':
    case 'rotated':
      return 'installing';
    default:
      return record.stage;
  }
}

export function unlockRequestView(record: UnlockRecord): RequestView {
  const progress = progressOf(record);
  return {
    id: record.id,
    kind: 'unlock',
    progress,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    tokenLabel: record.token.label,
    tokenSerial: record.token.serial,
    certificateFingerprint: '',
    rejectionReason: progress === 'rejected' ? rejectionReasonFromText(record.statusText) : null,
    nextCheckAt: record.stage === 'waiting' ? (record.nextPollAt ?? null) : null,
    problem:
      record.lastError && progress !== 'completed' && progress !== 'rejected'
        ? {
            code: isErrorCode(record.lastError.code) ? record.lastError.code : 'internal-error',
            message: record.lastError.message,
          }
        : null,
    canWithdraw: false,
    canResubmit: false,
    canInstall: false,
  };
}
