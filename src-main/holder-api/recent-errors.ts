// The last failed calls, for the diagnostics report: which method, when, and the error code.
// Never the input (a PIN, a file) and never the message (it can name a path or a file): the
// code is what the helpdesk looks up, the time lets them match it with what the holder did.
import type { RecentError } from '../contract/diagnostics-schemas';
import type { ErrorCode } from '../contract/error-codes';

export const recentErrorCapacity = 20;

export class RecentErrors {
  private readonly entries: RecentError[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  record(method: string, code: ErrorCode): void {
    this.entries.push({ at: this.clock().toISOString(), method, code });
    if (this.entries.length > recentErrorCapacity) this.entries.shift();
  }

  /** Newest first: the error the holder just saw heads the list. */
  list(): RecentError[] {
    return [...this.entries].reverse();
  }
}
