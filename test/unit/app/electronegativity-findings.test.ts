import { describe, expect, it } from 'vitest';
import { blockingErrors, blockingFindings, describeIssue } from '../../lint/electronegativity-findings';

describe('electronegativity findings', () => {
  it('blocks on HIGH findings only', () => {
    const issues = [
      { id: 'A', file: 'a.ts', severity: { name: 'HIGH' } },
      { id: 'B', file: 'b.ts', severity: { name: 'MEDIUM' } },
      { id: 'C', file: 'c.ts', severity: { name: 'informational' } },
    ];
    expect(blockingFindings(issues).map((issue) => issue.id)).toEqual(['A']);
  });

  it('blocks on files it could not parse', () => {
    const errors = [
      { file: 'a.ts', message: 'x', tolerable: true },
      { file: 'b.ts', message: 'y', tolerable: false },
    ];
    expect(blockingErrors(errors).map((error) => error.file)).toEqual(['b.ts']);
  });

  it('describes a finding with its place', () => {
    expect(
      describeIssue({
        id: 'X',
        file: 'm.ts',
        location: { line: 3 },
        severity: { name: 'HIGH' },
        manualReview: true,
      }),
    ).toBe('HIGH X m.ts:3 (manual review)');
  });
});
