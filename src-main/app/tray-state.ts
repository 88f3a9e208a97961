// What the tray shows, derived from the token list and the certificates on them: whether a
// key is present and logged in, and the most urgent certificate problem. Pure module.
import type { CertificateEntryView } from '../contract/holder-api-schemas';
import type { TokenSummary } from '../contract/token-types';

export type TrayKeyState = 'no-key' | 'locked' | 'logged-in';

export interface CertificateAlert {
  status: 'expiring' | 'expired';
  commonName: string | null;
  daysLeft: number;
}

export interface TrayState {
  key: TrayKeyState;
  certificateAlert: CertificateAlert | null;
}

/** The holder's own certificates: CA certificates stored on a key are not theirs to renew. */
export function holderCertificates(entries: readonly CertificateEntryView[]) {
  return entries.flatMap((entry) => (entry.readable && !entry.certificate.isCa ? [entry.certificate] : []));
}

function mostUrgent(entries: readonly CertificateEntryView[]): CertificateAlert | null {
  let alert: CertificateAlert | null = null;
  for (const certificate of holderCertificates(entries)) {
    if (certificate.status !== 'expiring' && certificate.status !== 'expired') continue;
    const candidate: CertificateAlert = {
      status: certificate.status,
      commonName: certificate.subject.commonName,
      daysLeft: certificate.daysLeft,
    };
    // Expired beats expiring; among the same kind, the fewest days left.
    const beats =
      alert === null ||
      (candidate.status === 'expired' && alert.status === 'expiring') ||
      (candidate.status === alert.status && candidate.daysLeft < alert.daysLeft);
    if (beats) alert = candidate;
  }
  return alert;
}

export function deriveTrayState(
  tokens: readonly TokenSummary[],
  certificates: readonly CertificateEntryView[],
): TrayState {
  if (tokens.length === 0) return { key: 'no-key', certificateAlert: null };
  return {
    key: tokens.some((token) => token.loggedIn) ? 'logged-in' : 'locked',
    certificateAlert: mostUrgent(certificates),
  };
}
