// What the holder reads for each stage of a certificate request (我的申请), in Simplified
// Chinese and English. The review stages come from the backend (docs/cmp-profile.md).
// Pure module.
import type { ReviewStage } from './certificate-requests';
import type { Language } from './error-messages';

export type RequestStageName =
  | 'key-pending'
  | 'request-ready'
  | 'waiting'
  | 'issued'
  | 'installed'
  | 'confirmed'
  | 'completed'
  | 'rejected'
  | 'withdrawn'
  | 'failed';

const stageText: Record<RequestStageName, { 'zh-CN': string; en: string }> = {
  'key-pending': { 'zh-CN': '正在USBKEY中生成新密钥', en: 'Creating the new key on the USBKEY' },
  'request-ready': { 'zh-CN': '待发送（将自动重试）', en: 'Waiting to be sent (retried automatically)' },
  waiting: { 'zh-CN': '审核中', en: 'Under review' },
  issued: { 'zh-CN': '待安装', en: 'Ready to install' },
  installed: { 'zh-CN': '已安装，正在签收', en: 'Installed, confirming receipt' },
  confirmed: { 'zh-CN': '已签收，正在清理旧证书', en: 'Receipt confirmed, removing the old certificate' },
  completed: { 'zh-CN': '已完成', en: 'Completed' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
  failed: { 'zh-CN': '未完成', en: 'Not completed' },
};

const reviewText: Record<string, { 'zh-CN': string; en: string }> = {
  submitted: { 'zh-CN': '已提交', en: 'Submitted' },
  'unit-review': { 'zh-CN': '单位审核', en: 'Unit review' },
  'center-review': { 'zh-CN': '信息中心审批', en: 'Information centre approval' },
  issuing: { 'zh-CN': '制证', en: 'Issuing' },
};

/** The stage in words; while waiting, the review stage the backend named, if any. */
export function describeRequestStage(
  stage: RequestStageName,
  reviewStage: string | undefined,
  language: Language,
): string {
  if (stage === 'waiting' && reviewStage && reviewText[reviewStage]) return reviewText[reviewStage][language];
  return stageText[stage][language];
}

export const requestKindText = {
  renew: { 'zh-CN': '续期', en: 'Renewal' },
  change: { 'zh-CN': '变更信息', en: 'Change of details' },
  revoke: { 'zh-CN': '注销', en: 'Revocation' },
  reissue: { 'zh-CN': '补办', en: 'Re-issue' },
} as const;

/**
 * A backend that sends only words (the reference backend's MAC-protected answers: "单位审核 Unit
 * review") names the stage by their first words.
 */
const reviewWords: [string, ReviewStage][] = [
  ['已提交', 'submitted'],
  ['单位审核', 'unit-review'],
  ['信息中心审批', 'center-review'],
  ['制证', 'issuing'],
];

export function reviewStageFromText(statusText: readonly string[]): ReviewStage | undefined {
  const said = statusText[0]?.trim() ?? '';
  return reviewWords.find(([words]) => said.startsWith(words))?.[1];
}

/** The reviewer's reason in a rejection's words: "已驳回：理由" → "理由" (Chinese first, then English). */
export function rejectionReasonFromText(statusText: readonly string[]): string | null {
  const first = statusText[0]?.replace(/^已驳回[：:]\s*/, '').trim();
  return first || statusText.join(' ').trim() || null;
}
