import { describe, expect, it } from 'vitest';
import { expiryStatus } from '../../../src-main/certs/expiry-status';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-01T08:00:00Z');
const issuedYearAgo = new Date(now.getTime() - 335 * DAY);
const endingIn = (ms: number) => ({ notBefore: issuedYearAgo, notAfter: new Date(now.getTime() + ms) });

describe('expiryStatus', () => {
  it('is valid with exactly 30 days left (the rule is "fewer than 30")', () => {
    expect(expiryStatus(endingIn(30 * DAY), now)).toEqual({ status: 'valid', daysLeft: 30 });
  });

  it('is expiring 1 ms short of 30 days, counting 29 whole days', () => {
    expect(expiryStatus(endingIn(30 * DAY - 1), now)).toEqual({ status: 'expiring', daysLeft: 29 });
  });

  it('is expiring with 29 days left', () => {
    expect(expiryStatus(endingIn(29 * DAY), now)).toEqual({ status: 'expiring', daysLeft: 29 });
  });

  it('is still expiring (not expired) at exactly notAfter, with 0 days left', () => {
    expect(expiryStatus(endingIn(0), now)).toEqual({ status: 'expiring', daysLeft: 0 });
  });

  it('is expired after notAfter, and daysLeft never goes negative', () => {
    expect(expiryStatus(endingIn(-1), now)).toEqual({ status: 'expired', daysLeft: 0 });
    expect(expiryStatus(endingIn(-400 * DAY), now)).toEqual({ status: 'expired', daysLeft: 0 });
  });

  it('is not-yet-valid before notBefore, still counting days to notAfter', () => {
    const period = {
      notBefore: new Date(now.getTime() + DAY),
      notAfter: new Date(now.getTime() + 366 * DAY),
    };
    expect(expiryStatus(period, now)).toEqual({ status: 'not-yet-valid', daysLeft: 366 });
  });

  it('is valid at exactly notBefore', () => {
    const period = { notBefore: now, notAfter: new Date(now.getTime() + 365 * DAY) };
    expect(expiryStatus(period, now).status).toBe('valid');
  });

  it('takes a configurable renewal window', () => {
    expect(expiryStatus(endingIn(10 * DAY), now, 7).status).toBe('valid');
    expect(expiryStatus(endingIn(6 * DAY), now, 7).status).toBe('expiring');
    expect(expiryStatus(endingIn(60 * DAY), now, 90).status).toBe('expiring');
  });

  it.each([0, -1, 366, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses renewal window %s', (window) => {
    expect(() => expiryStatus(endingIn(10 * DAY), now, window)).toThrow(
      /renewalWindowDays must be a whole number of days from 1 to 365/,
    );
  });

  it('refuses an invalid clock', () => {
    expect(() => expiryStatus(endingIn(DAY), new Date('not a date'))).toThrow(/now must be a valid Date/);
  });
});
