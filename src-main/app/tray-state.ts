// What the tray shows, derived from the token list and the certificates on them: whether a
// key is present and logged in, the most urgent certificate problem, and how many of the
// holder's requests to the backend wait for the holder to finish them. Pure module.
import type { RequestView } from '../contract/certificate-requests';
import type { CertificateEntryView } from '../contract/holder-api-schemas';
import type { UnlockView } from '../contract/pin-unlock';
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
  /** Approved requests only the holder can finish: a certificate to install, a new PIN to set. */
  requestsToFinish: number;
}

/**
 * Requests approved by the reviewers that wait for the holder: 待安装 (安装证书 is the holder's
 * click, so the old key is never retired behind their back) and an approved PIN unlock (the new
 * PIN is typed by the holder). The reviewers may approve days later, while YiKey sits in the tray.
 */
export function requestsAwaitingHolder(
  requests: readonly Pick<RequestView, 'progress'>[],
  unlocks: readonly Pick<UnlockView, 'stage'>[],
): number {
  return (
    requests.filter((request) => request.progress === 'ready-to-install').length +
    unlocks.filter((unlock) => unlock.stage === 'approved').length
  );
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
  requestsToFinish = 0,
): TrayState {
  if (tokens.length === 0) return { key: 'no-key', certificateAlert: null, requestsToFinish };
  return {
    key: tokens.some((token) => token.loggedIn) ? 'logged-in' : 'locked',
    certificateAlert: mostUrgent(certificates),
    requestsToFinish,
  };
}
