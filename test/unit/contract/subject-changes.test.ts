// 变更: one rule for which details may change and how, used by the renderer's form and by main.
// The two must agree on every value: a value the form lets through is one main accepts, and a
// value main refuses is one the form marks next to its field.
import { describe, expect, it } from 'vitest';
import type { CertificateView } from '../../../src-main/contract/holder-api-schemas';
import { checkSubjectValue, subjectChangeFields } from '../../../src-main/contract/subject-changes';
import { checkSubjectChanges } from '../../../src-main/lifecycle/changed-subject';
import { checkChanges } from '../../../src-renderer/components/subject-change-problems';

const typed: [field: (typeof subjectChangeFields)[number], value: string][] = [
  ['commonName', '李四'],
  ['commonName', '  王五  '],
  ['commonName', ''.padEnd(64, '名')],
  ['commonName', ''.padEnd(65, '名')],
  ['commonName', '张\u0007三'],
  ['commonName', '张\u200b三'],
  ['department', '心内科'],
  ['department', '\t'],
  ['idNumber', '42010119800101123x'],
  ['idNumber', '420101198001011234'],
  ['idNumber', '42010119800101123'],
  ['idNumber', '4201011980010112345'],
  ['idNumber', '42010119800101123Y'],
];

const certificate = {
  subject: { commonName: '张三', organizationalUnit: '内科', serialNumber: '420101197001011111' },
} as unknown as CertificateView;

describe('subject change rule', () => {
  it('trims, upper-cases the ID number’s check character, and names each problem', () => {
    expect(checkSubjectValue('commonName', '  王五  ')).toEqual({ value: '王五' });
    expect(checkSubjectValue('idNumber', '42010119800101123x')).toEqual({ value: '42010119800101123X' });
    expect(checkSubjectValue('commonName', ''.padEnd(65, '名'))).toEqual({ problem: 'length' });
    expect(checkSubjectValue('department', '心\u0000内科')).toEqual({ problem: 'length' });
    expect(checkSubjectValue('idNumber', '42010119800101123')).toEqual({ problem: 'idNumber' });
  });

  it.each(typed)('the form and main agree on %s = %j', (field, value) => {
    const values = { commonName: '', department: '', idNumber: '', [field]: value };
    const form = checkChanges(certificate, values);
    let main: Record<string, string> | string;
    try {
      main = checkSubjectChanges({ [field]: value }) as Record<string, string>;
    } catch (error) {
      main = (error as { code: string }).code;
    }
    if (value.trim() === '') return; // the form leaves an empty field out; main is never asked
    if (form.problems[field]) expect(main).toBe('invalid-input');
    else expect(main).toEqual(form.changes);
  });

  it('leaves out fields nobody may change', () => {
    expect(subjectChangeFields).toEqual(['commonName', 'department', 'idNumber']);
  });
});
