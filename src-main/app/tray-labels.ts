// The tray's words in the holder's language. Pure module.
import type { Language } from '../contract/error-messages';
import type { TrayState } from './tray-state';

export interface TrayLabels {
  /** Tooltip and the first (disabled) menu line. */
  status: string;
  /** A second disabled line when a certificate needs attention. */
  alert: string | null;
  /** A third disabled line when approved requests wait for the holder. */
  requests: string | null;
  open: string;
  lock: string;
  quit: string;
}

const words = {
  'zh-CN': {
    'no-key': '医钥：未插入 USBKEY',
    locked: '医钥：已锁定',
    'logged-in': '医钥：已登录',
    expiring: (name: string, days: number) => `证书即将到期（${name}，剩余 ${days} 天），请及时申请续期`,
    expired: (name: string) => `证书已过期（${name}），请申请证书续期`,
    certificate: '证书',
    requests: (count: number) => `有 ${count} 项申请已获批准，等您完成：请打开医钥`,
    open: '打开医钥',
    lock: '锁定',
    quit: '退出',
  },
  en: {
    'no-key': 'YiKey: no USB key',
    locked: 'YiKey: locked',
    'logged-in': 'YiKey: logged in',
    expiring: (name: string, days: number) => `Certificate expiring (${name}, ${days} days left): renew it`,
    expired: (name: string) => `Certificate expired (${name}): renew it`,
    certificate: 'certificate',
    requests: (count: number) =>
      count === 1
        ? '1 approved request waits for you: open YiKey'
        : `${count} approved requests wait for you: open YiKey`,
    open: 'Open YiKey',
    lock: 'Lock',
    quit: 'Quit',
  },
} as const;

export function trayLabels(state: TrayState, language: Language): TrayLabels {
  const text = words[language];
  const alert = state.certificateAlert;
  const name = alert?.commonName ?? text.certificate;
  return {
    status: text[state.key],
    alert:
      alert === null
        ? null
        : alert.status === 'expired'
          ? text.expired(name)
          : text.expiring(name, alert.daysLeft),
    requests: state.requestsToFinish > 0 ? text.requests(state.requestsToFinish) : null,
    open: text.open,
    lock: text.lock,
    quit: text.quit,
  };
}
