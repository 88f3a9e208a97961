// The one way a slow step says it is under way: a spinner and its words in a status region, so
// screen readers announce it (renewal, change, revocation, install, 撤回, 重新提交).
import type { ReactNode } from 'react';

export function ProgressLine({
  children,
  busy = false,
  testId,
}: {
  children: ReactNode;
  /** aria-busy on the line itself, when nothing around it already says so. */
  busy?: boolean;
  testId?: string;
}) {
  return (
    <p className="progress-line" role="status" aria-busy={busy ? 'true' : undefined} data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
