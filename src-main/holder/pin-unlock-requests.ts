// PIN unlock (PIN码解锁) for the doors (CLI, holder API), composed from lifecycle/: ask with
// the reference number and authorisation code, list, and advance an open unlock — with the
// code again, and once approved the holder's new PIN. The PIN status changes when it completes,
// so the cached token list is dropped after every step.
import type { CmpEndpoint } from '../cmp/http-transport';
import { PinUnlockWorkflow, type UnlockAdvanceOptions, type UnlockSecrets } from '../lifecycle/pin-unlock';
import { RequestJournal } from '../lifecycle/request-journal';
import { finalUnlockStages, unlockJournalKind, type UnlockRecord } from '../lifecycle/unlock-record';
import type { HolderService } from './holder-service';

export type { UnlockRecord } from '../lifecycle/unlock-record';
export type { UnlockSecrets } from '../lifecycle/pin-unlock';

export interface PinUnlockRequestsOptions {
  dataDirectory: string;
  endpoint: () => CmpEndpoint;
}

/** The unlock journal alone: listing needs neither the key nor the backend. */
export function unlockJournal(dataDirectory: string): RequestJournal<UnlockRecord> {
  return new RequestJournal(dataDirectory, unlockJournalKind);
}

export class PinUnlockRequests {
  private readonly journal: RequestJournal<UnlockRecord>;
  private readonly workflow: PinUnlockWorkflow;

  constructor(
    private readonly holder: HolderService,
    options: PinUnlockRequestsOptions,
  ) {
    const parts = holder.lifecycleParts();
    this.journal = unlockJournal(options.dataDirectory);
    this.workflow = new PinUnlockWorkflow({
      host: parts.host,
      journal: this.journal,
      endpoint: options.endpoint,
      trustedDer: parts.trustedDer,
      clock: parts.clock,
    });
  }

  start(
    slotId: string,
    reference: string,
    secrets: UnlockSecrets,
    options: UnlockAdvanceOptions = {},
  ): Promise<UnlockRecord> {
    return this.afterwards(this.workflow.start({ slotId, reference }, secrets, options));
  }

  advance(id: string, secrets: UnlockSecrets, options: UnlockAdvanceOptions = {}): Promise<UnlockRecord> {
    return this.afterwards(this.workflow.advance(id, secrets, options));
  }

  list(): { records: UnlockRecord[]; unreadable: { file: string; reason: string }[] } {
    return this.journal.list();
  }

  openRequests(): UnlockRecord[] {
    return this.journal.list().records.filter((record) => !finalUnlockStages.includes(record.stage));
  }

  private async afterwards(step: Promise<UnlockRecord>): Promise<UnlockRecord> {
    try {
      return await step;
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
  }
}
