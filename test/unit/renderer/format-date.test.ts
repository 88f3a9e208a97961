// Dates in the holder's language: 2026年12月20日 and 20 Dec 2026, never 12/20/2026.
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../src-renderer/components/format-date';

// Built from local parts, so the expectations hold in any time zone the tests run in.
const localIso = (year: number, monthIndex: number, day: number, hours = 0, minutes = 0): string =>
  new Date(year, monthIndex, day, hours, minutes, 30).toISOString();

describe('formatDate', () => {
  it('writes Chinese dates as 年月日 without leading zeros', () => {
    expect(formatDate(localIso(2026, 11, 20), 'zh-CN')).toBe('2026年12月20日');
    expect(formatDate(localIso(2027, 0, 5), 'zh-CN')).toBe('2027年1月5日');
  });

  it('writes English dates day, short month, year — not the US order', () => {
    expect(formatDate(localIso(2026, 11, 20), 'en')).toBe('20 Dec 2026');
    expect(formatDate(localIso(2027, 0, 5), 'en')).toBe('5 Jan 2027');
    expect(formatDate(localIso(2026, 11, 20), 'en')).not.toMatch(/\//);
  });

  it('adds the local time of day in 24-hour form when asked', () => {
    expect(formatDate(localIso(2026, 11, 20, 14, 5), 'zh-CN', true)).toBe('2026年12月20日 14:05');
    expect(formatDate(localIso(2026, 11, 20, 9, 7), 'en', true)).toBe('20 Dec 2026 09:07');
  });

  it('shows text that is not a date as it came instead of "Invalid Date" or NaN', () => {
    expect(formatDate('not a date', 'zh-CN')).toBe('not a date');
    expect(formatDate('', 'en')).toBe('');
  });
});
