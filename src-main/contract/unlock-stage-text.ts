// What the holder reads for each stage of a PIN unlock (PIN码解锁), in Simplified Chinese and
// English. Pure module.
import type { Language } from './error-messages';
import type { UnlockStage } from './pin-unlock';

export type UnlockStageName = UnlockStage;

const unlockStageText: Record<UnlockStageName, { 'zh-CN': string; en: string }> = {
  'request-ready': { 'zh-CN': '待发送', en: 'Waiting to be sent' },
  waiting: { 'zh-CN': '等待本单位证书管理员审核', en: 'Waiting for your certificate administrator' },
  approved: { 'zh-CN': '已批准，请设置新的PIN码', en: 'Approved: set a new PIN' },
  unlocking: { 'zh-CN': '正在解锁USBKEY', en: 'Unlocking the USBKEY' },
  rotated: { 'zh-CN': '已解锁，正在告知证书服务', en: 'Unlocked, telling the certificate service' },
  completed: { 'zh-CN': '已解锁', en: 'Unlocked' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
  failed: { 'zh-CN': '未完成', en: 'Not completed' },
};

export const unlockKindText = { 'zh-CN': 'PIN码解锁', en: 'PIN unlock' } as const;

export function describeUnlockStage(stage: UnlockStageName, language: Language): string {
  return unlockStageText[stage][language];
}
