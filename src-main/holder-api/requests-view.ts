// The journal's records (lifecycle/request-record.ts) as the holder sees them in 我的申请
// (contract/certificate-requests.ts): the stage in the holder's terms, the reviewer's reason,
// and which buttons make sense now. Pure: no I/O.
import { reviewStageSchema, type RequestProgress, type RequestView } from '../contract/certificate-requests';
import { rejectionReasonFromText, reviewStageFromText } from '../contract/request-stage-text';
import { isErrorCode } from '../contract/yikey-error';
import { finalStages, type RequestRecord } from '../holder/certificate-requests';

const withdrawnWords = '已撤回';

export function progressOf(record: RequestRecord): RequestProgress {
  switch (record.stage) {
    case 'key-pending':
    case 'request-ready':
      return 'preparing';
    case 'waiting':
      // YiKey's stage infoType (cmp/yikey-info.ts) first, else the backend's words.
      return (
        reviewStageSchema.safeParse(record.reviewStage).data ??
        reviewStageFromText(record.statusText) ??
        'submitted'
      );
    case 'issued':
      return 'ready-to-install';
    case 'installed':
    case 'confirmed':
      return 'installing';
    case 'rejected':
      // The unit administrator may withdraw a request in the console: the poll then says so.
      return record.statusText[0]?.startsWith(withdrawnWords) ? 'withdrawn' : 'rejected';
    default:
      return record.stage;
  }
}

function rejectionReason(record: RequestRecord): string | null {
  return progressOf(record) === 'rejected' ? rejectionReasonFromText(record.statusText) : null;
}

const endedWithoutCertificate = (record: RequestRecord): boolean =>
  record.stage === 'rejected' || record.stage === 'withdrawn' || record.stage === 'failed';

export function requestViews(records: RequestRecord[]): RequestView[] {
  const openFingerprints = new Set(
    records
      .filter((record) => !finalStages.includes(record.stage))
      .map((record) => record.oldCertificateFingerprint),
  );
  const renewed = new Set(
    records
      .filter((record) => record.stage === 'completed')
      .map((record) => record.oldCertificateFingerprint),
  );
  // The newest ended request per certificate is the one offered for 重新提交.
  const newestEnded = new Map<string, string>();
  for (const record of records)
    if (endedWithoutCertificate(record)) newestEnded.set(record.oldCertificateFingerprint, record.id);
  return records
    .map((record): RequestView => {
      const progress = progressOf(record);
      const fingerprint = record.oldCertificateFingerprint;
      const problem =
        record.lastError && progress !== 'completed' && progress !== 'rejected' && progress !== 'withdrawn'
          ? {
              code: isErrorCode(record.lastError.code) ? record.lastError.code : 'internal-error',
              message: record.lastError.message,
            }
          : null;
      return {
        id: record.id,
        kind: record.kind,
        progress,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        tokenLabel: record.token.label,
        tokenSerial: record.token.serial,
        certificateFingerprint: fingerprint,
        ...(record.reference ? { reference: record.reference } : {}),
        rejectionReason: rejectionReason(record),
        nextCheckAt: record.stage === 'waiting' ? (record.nextPollAt ?? null) : null,
        problem,
        canWithdraw:
          record.stage === 'waiting' &&
          (progress === 'submitted' || progress === 'unit-review' || progress === 'center-review'),
        canResubmit:
          record.kind === 'renew' &&
          endedWithoutCertificate(record) &&
          newestEnded.get(fingerprint) === record.id &&
          !openFingerprints.has(fingerprint) &&
          !renewed.has(fingerprint),
        canInstall: record.stage === 'issued' || record.stage === 'installed' || record.stage === 'confirmed',
      };
    })
    .reverse(); // newest first
}
