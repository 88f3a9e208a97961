// Which electronegativity findings fail the build: every HIGH severity finding, and every
// file it could not parse (an unparsed file is an unchecked file). Pure module.

export interface ElectronegativityIssue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  severity: { name: string };
  confidence?: { name: string };
  manualReview?: boolean;
  description?: string;
}

export interface ElectronegativityError {
  file: string;
  message: string;
  tolerable: boolean;
}

export function blockingFindings(issues: readonly ElectronegativityIssue[]): ElectronegativityIssue[] {
  return issues.filter((issue) => issue.severity.name.toUpperCase() === 'HIGH');
}

export function blockingErrors(errors: readonly ElectronegativityError[]): ElectronegativityError[] {
  return errors.filter((error) => !error.tolerable);
}

export function describeIssue(issue: ElectronegativityIssue): string {
  const where = issue.location?.line ? `${issue.file}:${issue.location.line}` : issue.file;
  const review = issue.manualReview ? ' (manual review)' : '';
  return `${issue.severity.name} ${issue.id} ${where}${review}`;
}
