// The change form's checks, the same rules main applies (src-main/lifecycle/changed-subject.ts):
// name and department 1–64 characters without control characters, the ID number 17 digits and
// a digit or X. Checked here too so the holder sees the problem next to the field before the
// USBKEY makes a key; main still refuses anything that slips through.
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';

export type ChangeField = 'commonName' | 'department' | 'idNumber';
export type ChangeProblem = 'length' | 'idNumber' | 'same';
export type ChangeValues = Record<ChangeField, string>;

const idNumberPattern = /^\d{17}[\dX]$/;

export function currentValue(certificate: CertificateView, field: ChangeField): string | null {
  const subject = certificate.subject;
  if (field === 'commonName') return subject.commonName;
  if (field === 'department') return subject.organizationalUnit;
  return subject.serialNumber;
}

/** The changes to send (trimmed, only the filled fields) and each field's problem, if any. */
export function checkChanges(
  certificate: CertificateView,
  values: ChangeValues,
): { changes: Partial<ChangeValues>; problems: Partial<Record<ChangeField, ChangeProblem>> } {
  const changes: Partial<ChangeValues> = {};
  const problems: Partial<Record<ChangeField, ChangeProblem>> = {};
  for (const field of ['commonName', 'department', 'idNumber'] as const) {
    const raw = values[field].trim();
    if (raw === '') continue;
    const value = field === 'idNumber' ? raw.toUpperCase() : raw;
    if (field === 'idNumber' && !idNumberPattern.test(value)) problems[field] = 'idNumber';
    else if (field !== 'idNumber' && (value.length > 64 || /[\p{Cc}\p{Cf}]/u.test(value)))
      problems[field] = 'length';
    else if (value === currentValue(certificate, field)) problems[field] = 'same';
    else changes[field] = value;
  }
  return { changes, problems };
}
