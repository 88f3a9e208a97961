// Which certificate reminders are due now: a holder certificate inside the renewal window or
// expired is announced at most once per local day, and again the same day only if it got
// worse (expiring → expired). The clock is passed in, so the rule is testable. Pure module.
import type { CertificateEntryView } from '../contract/holder-api-schemas';
import { holderCertificates } from './tray-state';

export type ReminderStatus = 'expiring' | 'expired';

/** Last reminder per certificate (SHA-256 fingerprint), kept for the current day only. */
export type ReminderLog = Record<string, { day: string; status: ReminderStatus }>;

export interface CertificateReminder {
  sha256Fingerprint: string;
  status: ReminderStatus;
  commonName: string | null;
  daysLeft: number;
}

/** The holder's calendar day (local time): "once a day" means the day on their clock. */
export function localDay(now: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function dueCertificateReminders(
  certificates: readonly CertificateEntryView[],
  log: ReminderLog,
  now: Date,
): { due: CertificateReminder[]; log: ReminderLog } {
  const today = localDay(now);
  // Entries from earlier days can never suppress a reminder again, so they are dropped.
  const next: ReminderLog = Object.fromEntries(
    Object.entries(log).filter(([, entry]) => entry.day === today),
  );
  const due: CertificateReminder[] = [];
  for (const certificate of holderCertificates(certificates)) {
    if (certificate.status !== 'expiring' && certificate.status !== 'expired') continue;
    const previous = next[certificate.sha256Fingerprint];
    // The same certificate on two keys, or listed twice, is announced once.
    if (previous !== undefined && (previous.status === certificate.status || previous.status === 'expired'))
      continue;
    next[certificate.sha256Fingerprint] = { day: today, status: certificate.status };
    due.push({
      sha256Fingerprint: certificate.sha256Fingerprint,
      status: certificate.status,
      commonName: certificate.subject.commonName,
      daysLeft: certificate.daysLeft,
    });
  }
  return { due, log: next };
}
