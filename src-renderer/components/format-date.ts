// Dates as the holder reads them: local time, in the UI language's conventions.
import type { Language } from '../../src-main/contract/error-messages';

export function formatDate(iso: string, language: Language, withTime = false): string {
  const date = new Date(iso);
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : {}),
  }).format(date);
}
