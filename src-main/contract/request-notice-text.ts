// What the holder is told when a certificate request changes stage on its own (the backend's
// reviewers acted): the in-app notice and, in Electron, the desktop notification. Steps the
// holder just took themselves (submitting, installing) are not announced again.
// Pure module.
import type { RequestChange, RequestKind, RequestProgress } from './certificate-requests';
import type { Language } from './error-messages';

export interface RequestNotice {
  title: string;
  body: string;
}

type Words = Record<Language, RequestNotice>;

const notices: Partial<Record<RequestProgress, Words>> = {
  'unit-review': {
    'zh-CN': { title: '续期申请：单位审核中', body: '您的续期申请已送达，正在等待本单位证书管理员审核。' },
    en: {
      title: 'Renewal: unit review',
      body: 'Your renewal request arrived and waits for your unit’s certificate administrator.',
    },
  },
  'center-review': {
    'zh-CN': { title: '续期申请：单位已审核通过', body: '正在等待信息中心审批。' },
    en: { title: 'Renewal: approved by your unit', body: 'It now waits for the information centre.' },
  },
  issuing: {
    'zh-CN': { title: '续期申请：审批通过', body: '证书服务机构正在制作您的新证书。' },
    en: { title: 'Renewal: approved', body: 'The CA is making your new certificate.' },
  },
  'ready-to-install': {
    'zh-CN': { title: '新证书已可安装', body: '请插入USBKEY，打开“我的申请”，点击“安装续期证书”。' },
    en: {
      title: 'Your new certificate is ready',
      body: 'Insert your USB key, open My requests and choose Install renewed certificate.',
    },
  },
  completed: {
    'zh-CN': { title: '证书续期已完成', body: '新证书已安装在USBKEY中，可以正常使用。' },
    en: { title: 'Renewal completed', body: 'The new certificate is on your USB key and ready to use.' },
  },
  rejected: {
    'zh-CN': { title: '续期申请被驳回', body: '请在“我的申请”中查看驳回理由，修改后可重新提交。' },
    en: {
      title: 'Renewal request rejected',
      body: 'See the reason in My requests; you can submit it again.',
    },
  },
  withdrawn: {
    'zh-CN': { title: '续期申请已撤回', body: '原证书继续有效。' },
    en: { title: 'Renewal request withdrawn', body: 'Your current certificate stays valid.' },
  },
};

/** A change or a revocation names itself; 已完成 says what it did (a revoked key no longer signs). */
function reviewNotices(zh: string, en: string): Partial<Record<RequestProgress, Words>> {
  return {
    'unit-review': {
      'zh-CN': { title: `${zh}：单位审核中`, body: '正在等待本单位证书管理员审核。' },
      en: { title: `${en}: unit review`, body: 'It waits for your unit’s certificate administrator.' },
    },
    'center-review': {
      'zh-CN': { title: `${zh}：单位已审核通过`, body: '正在等待信息中心审批。' },
      en: { title: `${en}: approved by your unit`, body: 'It now waits for the information centre.' },
    },
    issuing: {
      'zh-CN': { title: `${zh}：审批通过`, body: '证书服务机构正在办理。' },
      en: { title: `${en}: approved`, body: 'The CA is carrying it out.' },
    },
    rejected: {
      'zh-CN': { title: `${zh}被驳回`, body: '请在“我的申请”中查看驳回理由。' },
      en: { title: `${en} rejected`, body: 'See the reason in My requests.' },
    },
    withdrawn: {
      'zh-CN': { title: `${zh}已撤回`, body: '原证书继续有效。' },
      en: { title: `${en} withdrawn`, body: 'Your current certificate stays valid.' },
    },
  };
}

/**
 * A PIN unlock has no information-centre step and nothing to install: once the unit approves,
 * the holder sets a new PIN on the locked-PIN screen (unlock.next.* in the renderer says the same).
 */
const unlockNotices: Partial<Record<RequestProgress, Words>> = {
  'unit-review': {
    'zh-CN': { title: 'PIN码解锁：单位审核中', body: '您的解锁申请已送达，正在等待本单位证书管理员审核。' },
    en: {
      title: 'PIN unlock: unit review',
      body: 'Your unlock request arrived and waits for your unit’s certificate administrator.',
    },
  },
  issuing: {
    'zh-CN': { title: 'PIN码解锁：单位已审核通过', body: '证书服务机构正在准备解锁。' },
    en: { title: 'PIN unlock: approved by your unit', body: 'The CA is preparing the unlock.' },
  },
  'ready-to-install': {
    'zh-CN': {
      title: 'PIN码解锁已批准',
      body: '请插入USBKEY，在“PIN码已锁定”页面输入授权码，设置新的PIN码。',
    },
    en: {
      title: 'PIN unlock approved',
      body: 'Insert your USB key and, on the locked-PIN screen, enter the code and set a new PIN.',
    },
  },
  completed: {
    'zh-CN': { title: 'PIN码解锁已完成', body: 'USBKEY已解锁，请用新的PIN码登录。' },
    en: { title: 'PIN unlock completed', body: 'The USB key is unlocked; log in with the new PIN.' },
  },
  rejected: {
    'zh-CN': { title: 'PIN码解锁申请被驳回', body: '请在“我的申请”中查看原因，或联系本单位证书管理员。' },
    en: {
      title: 'PIN unlock rejected',
      body: 'See the reason in My requests, or ask your certificate administrator.',
    },
  },
  withdrawn: {
    'zh-CN': { title: 'PIN码解锁申请已撤回', body: 'USBKEY仍处于锁定状态。' },
    en: { title: 'PIN unlock withdrawn', body: 'Your USB key stays locked.' },
  },
};

const noticesByKind: Partial<Record<RequestKind, Partial<Record<RequestProgress, Words>>>> = {
  unlock: unlockNotices,
  change: {
    ...reviewNotices('变更申请', 'Change request'),
    'ready-to-install': {
      'zh-CN': { title: '新证书已可安装', body: '请插入USBKEY，打开“我的申请”，点击“安装新证书”。' },
      en: {
        title: 'Your new certificate is ready',
        body: 'Insert your USB key, open My requests and choose Install the new certificate.',
      },
    },
    completed: {
      'zh-CN': { title: '证书信息变更已完成', body: '新证书已安装在USBKEY中，可以正常使用。' },
      en: { title: 'Change completed', body: 'The new certificate is on your USB key and ready to use.' },
    },
  },
  reissue: {
    ...reviewNotices('补办申请', 'Re-issue request'),
    'ready-to-install': {
      'zh-CN': { title: '补办的证书已可安装', body: '请插入USBKEY，打开“我的申请”，点击“安装证书”。' },
      en: {
        title: 'Your re-issued certificate is ready',
        body: 'Insert your USB key, open My requests and choose Install certificate.',
      },
    },
    completed: {
      'zh-CN': { title: '证书补办已完成', body: '新证书已安装在USBKEY中，可以正常使用。' },
      en: { title: 'Re-issue completed', body: 'The new certificate is on your USB key and ready to use.' },
    },
  },
  revoke: {
    ...reviewNotices('注销申请', 'Revocation'),
    completed: {
      'zh-CN': { title: '证书已注销', body: '密钥已从USBKEY中删除，不能再用于签名。' },
      en: {
        title: 'Certificate revoked',
        body: 'Its key was deleted from your USB key and no longer signs.',
      },
    },
  },
};

/** The notice for one change, or null when there is nothing to tell. */
export function requestChangeNotice(change: RequestChange, language: Language): RequestNotice | null {
  // A request the holder just made, or a step they are taking now, needs no notice.
  if (change.from === null || change.from === change.to) return null;
  if (change.to === 'installing' || change.to === 'preparing' || change.to === 'submitted') return null;
  // 已完成 right after the holder's own 安装 click is shown on the screen they are looking at.
  if (change.to === 'completed' && change.from === 'installing') return null;
  const words = change.kind === 'renew' ? notices : (noticesByKind[change.kind] ?? notices);
  return words[change.to]?.[language] ?? null;
}
