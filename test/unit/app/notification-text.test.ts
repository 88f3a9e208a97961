import { describe, expect, it } from 'vitest';
import {
  certificateReminderNotification,
  keyChangeNotification,
} from '../../../src-main/app/notification-text';

describe('notification text', () => {
  it('announces key changes in both languages', () => {
    expect(keyChangeNotification('inserted', 'zh-CN').title).toBe('已插入 USBKEY');
    expect(keyChangeNotification('removed', 'en').body).toContain('locked');
  });

  it('names the certificate and the days left', () => {
    const reminder = {
      sha256Fingerprint: 'F',
      status: 'expiring' as const,
      commonName: '张医生',
      daysLeft: 9,
    };
    expect(certificateReminderNotification(reminder, 'zh-CN').body).toContain('张医生');
    expect(certificateReminderNotification(reminder, 'en').body).toContain('9 days left');
    const expired = { ...reminder, status: 'expired' as const, commonName: null };
    expect(certificateReminderNotification(expired, 'en').title).toBe('Certificate expired');
    // One term for renewal everywhere (banner, tray, notifications): 续期.
    expect(certificateReminderNotification(reminder, 'zh-CN').body).toContain('续期');
    expect(certificateReminderNotification(expired, 'zh-CN').body).toContain('续期');
  });
});
