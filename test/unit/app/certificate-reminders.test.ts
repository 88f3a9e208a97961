import { describe, expect, it } from 'vitest';
import { dueCertificateReminders, localDay } from '../../../src-main/app/certificate-reminders';
import { certificateEntry } from './certificate-fixtures';

const morning = new Date(2025, 5, 1, 9, 0);
const evening = new Date(2025, 5, 1, 21, 0);
const nextMorning = new Date(2025, 5, 2, 8, 0);
const expiring = certificateEntry({
  status: 'expiring',
  daysLeft: 12,
  sha256Fingerprint: 'F1',
  commonName: '张医生',
});

describe('dueCertificateReminders', () => {
  it('uses the local calendar day', () => {
    expect(localDay(morning)).toBe('2025-06-01');
    expect(localDay(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
  });

  it('reminds about a certificate in the renewal window once a day', () => {
    const first = dueCertificateReminders([expiring], {}, morning);
    expect(first.due).toEqual([
      { sha256Fingerprint: 'F1', status: 'expiring', commonName: '张医生', daysLeft: 12 },
    ]);
    expect(dueCertificateReminders([expiring], first.log, evening).due).toEqual([]);
    expect(dueCertificateReminders([expiring], first.log, nextMorning).due).toHaveLength(1);
  });

  it('reminds again the same day when the certificate expires', () => {
    const first = dueCertificateReminders([expiring], {}, morning);
    const expired = certificateEntry({ status: 'expired', daysLeft: 0, sha256Fingerprint: 'F1' });
    const second = dueCertificateReminders([expired], first.log, evening);
    expect(second.due.map((reminder) => reminder.status)).toEqual(['expired']);
    expect(dueCertificateReminders([expired], second.log, evening).due).toEqual([]);
  });

  it('ignores valid, not-yet-valid and CA certificates, and duplicates', () => {
    const entries = [
      certificateEntry({ status: 'valid', sha256Fingerprint: 'V' }),
      certificateEntry({ status: 'not-yet-valid', sha256Fingerprint: 'N' }),
      certificateEntry({ status: 'expired', isCa: true, sha256Fingerprint: 'CA' }),
      expiring,
      { ...expiring, slotId: '2' },
    ];
    expect(dueCertificateReminders(entries, {}, morning).due.map((due) => due.sha256Fingerprint)).toEqual([
      'F1',
    ]);
  });

  it('does not remind again after the key was removed and re-inserted the same day', () => {
    const first = dueCertificateReminders([expiring], {}, morning);
    const whileRemoved = dueCertificateReminders([], first.log, morning);
    expect(dueCertificateReminders([expiring], whileRemoved.log, evening).due).toEqual([]);
  });

  it('forgets earlier days', () => {
    const log = { OLD: { day: '2025-05-01', status: 'expired' as const } };
    expect(dueCertificateReminders([], log, morning).log).toEqual({});
  });
});
