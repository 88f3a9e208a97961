// 变更: which details of a certificate's subject a holder may change, and the rule each new value
// must follow — one rule for the renderer's form (problems next to the fields, before the USBKEY
// makes a key) and for main (lifecycle/changed-subject.ts, which refuses what slips through).
// Name (CN) and department (OU): 1–64 characters without control characters; ID number
// (serialNumber): a resident identity card number, GB 11643 — 17 digits and a digit or X.
// Country and unit (O) are not here: another unit means a job change, which is a revocation and
// a new certificate from that unit. Pure module: no Node APIs.

export const subjectChangeFields = ['commonName', 'department', 'idNumber'] as const;
export type SubjectChangeField = (typeof subjectChangeFields)[number];
export type SubjectChanges = Partial<Record<SubjectChangeField, string>>;

/** length: name or department empty, over 64 characters or with control characters. */
export type SubjectValueProblem = 'length' | 'idNumber';

const idNumberPattern = /^\d{17}[\dX]$/;
const maxTextLength = 64;

/** The value as it will be sent (trimmed; the ID number's check character upper-case), or its problem. */
export function checkSubjectValue(
  field: SubjectChangeField,
  typed: string,
): { value: string } | { problem: SubjectValueProblem } {
  const trimmed = typed.trim();
  if (field === 'idNumber') {
    const value = trimmed.toUpperCase();
    return idNumberPattern.test(value) ? { value } : { problem: 'idNumber' };
  }
  const fits = trimmed.length >= 1 && trimmed.length <= maxTextLength && !/[\p{Cc}\p{Cf}]/u.test(trimmed);
  return fits ? { value: trimmed } : { problem: 'length' };
}
