// The change form's checks: the rule main applies too (src-main/contract/subject-changes.ts),
// so the holder sees the problem next to the field before the USBKEY makes a key; plus one only
// the form can see — a value the certificate already carries. Main still refuses anything that
// slips through.
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import {
  checkSubjectValue,
  subjectChangeFields,
  type SubjectChangeField,
  type SubjectValueProblem,
} from '../../src-main/contract/subject-changes';

export type ChangeField = SubjectChangeField;
export type ChangeProblem = SubjectValueProblem | 'same';
export type ChangeValues = Record<ChangeField, string>;

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
  for (const field of subjectChangeFields) {
    if (values[field].trim() === '') continue;
    const checked = checkSubjectValue(field, values[field]);
    if ('problem' in checked) problems[field] = checked.problem;
    else if (checked.value === currentValue(certificate, field)) problems[field] = 'same';
    else changes[field] = checked.value;
  }
  return { changes, problems };
}
