// The words of the OS notifications, in the holder's language. Pure module.
import type { Language } from '../contract/error-messages';
import type { CertificateReminder } from './certificate-reminders';

export interface DesktopNotification {
  title: string;
  body: string;
}

export type KeyChange = 'inserted' | 'removed';

export function keyChangeNotification(change: KeyChange, language: Language): DesktopNotification {
  if (language === 'en') {
    return change === 'inserted'
      ? { title: 'USB key inserted', body: 'YiKey found your USB key.' }
      : { title: 'USB key removed', body: 'YiKey locked: every login on the key has ended.' };
  }
  return change === 'inserted'
    ? { title: '已插入 USBKEY', body: '医钥已识别到您的 USBKEY。' }
    : { title: '已拔出 USBKEY', body: '医钥已锁定，该 USBKEY 上的登录均已退出。' };
}

export function certificateReminderNotification(
  reminder: CertificateReminder,
  language: Language,
): DesktopNotification {
  const english = language === 'en';
  const name = reminder.commonName ?? (english ? 'your certificate' : '您的证书');
  if (reminder.status === 'expired') {
    return english
      ? { title: 'Certificate expired', body: `${name} has expired. Renew it before signing again.` }
      : { title: '证书已过期', body: `${name} 的证书已过期，须申请证书续期后才能再签名。` };
  }
  return english
    ? {
        title: 'Certificate expiring soon',
        body: `${name}: ${reminder.daysLeft} days left. Renew it in YiKey.`,
      }
    : { title: '证书即将到期', body: `${name} 的证书还剩 ${reminder.daysLeft} 天到期，请及时申请证书续期。` };
}
