// Dates as the holder reads them, in local time: 2026年12月20日 in Chinese, 20 Dec 2026 in
// English — never the US month/day order, which a Chinese reader misreads as day/month.
// Built from the date's parts rather than Intl presets, whose output differs between ICU
// versions (Electron and Chromium ship their own).
import type { Language } from '../../src-main/contract/error-messages';

const englishMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** withTime adds the local time of day (24-hour, HH:mm). Text that is not a date is shown as it came. */
export function formatDate(iso: string, language: Language, withTime = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const year = date.getFullYear();
  const day = date.getDate();
  const month = date.getMonth();
  const datePart =
    language === 'en' ? `${day} ${englishMonths[month]} ${year}` : `${year}年${month + 1}月${day}日`;
  if (!withTime) return datePart;
  return `${datePart} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}
