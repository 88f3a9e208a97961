// Where a certificate stands in its validity period. The regulations (one-year certificates,
// renewal "when fewer than 30 days remain") are expressed with the clock passed in, so the
// rule is testable and the same for UI, CLI and reminders.

import type { ExpiryStatusView } from '../contract/holder-api-schemas';
export type ExpiryStatus = ExpiryStatusView;

export interface ValidityPeriod {
  notBefore: Date;
  notAfter: Date;
}

export interface ExpiryStatusResult {
  status: ExpiryStatus;
  /**
   * Whole days until notAfter, rounded down; 0 once expired (never negative, so a UI can show
   * it without a sign check). For a not-yet-valid certificate it still counts to notAfter.
   */
  daysLeft: number;
}

export const DEFAULT_RENEWAL_WINDOW_DAYS = 30;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export function assertRenewalWindowDays(renewalWindowDays: number): void {
  if (!Number.isInteger(renewalWindowDays) || renewalWindowDays < 1 || renewalWindowDays > 365) {
    throw new RangeError(
      `renewalWindowDays must be a whole number of days from 1 to 365, got ${String(renewalWindowDays)}`,
    );
  }
}

function assertValidDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

/**
 * RFC 5280 validity is inclusive at both ends: at exactly notAfter the certificate is still
 * valid. 'expiring' means fewer than renewalWindowDays remain; because daysLeft is rounded
 * down and the window is whole days, `daysLeft < renewalWindowDays` is exactly that rule
 * (30 days 0 ms left → valid; 29 days 23 h left → expiring).
 */
export function expiryStatus(
  period: ValidityPeriod,
  now: Date,
  renewalWindowDays: number = DEFAULT_RENEWAL_WINDOW_DAYS,
): ExpiryStatusResult {
  assertRenewalWindowDays(renewalWindowDays);
  assertValidDate('notBefore', period.notBefore);
  assertValidDate('notAfter', period.notAfter);
  assertValidDate('now', now);

  const msLeft = period.notAfter.getTime() - now.getTime();
  if (msLeft < 0) return { status: 'expired', daysLeft: 0 };
  const daysLeft = Math.floor(msLeft / MS_PER_DAY);
  if (now.getTime() < period.notBefore.getTime()) return { status: 'not-yet-valid', daysLeft };
  return { status: daysLeft < renewalWindowDays ? 'expiring' : 'valid', daysLeft };
}
