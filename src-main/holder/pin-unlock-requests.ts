// PIN unlock (PIN码解锁) for the doors (CLI, holder API), composed from lifecycle/: ask with
// the reference number and authorisation code, list, and advance an open unlock — with the
// code again, and once approved the holder's new PIN. The PIN status changes when it completes,
// so the cached token list is dropped after every step.
import type { CmpEndpoint } from '../cmp/http-transport';
import { PinUnlockWorkflow, type UnlockAdvanceOptions, type UnlockSecrets } from '../lifecycle/pin-unlock';
import { RequestJournal } from '../lifecycle/request-journal';
import { keytarRequestSecretStore, type RequestSecretStore } from '../lifecycle/request-secret-keychain';
import { YiKeyError } from '../contract/yikey-error';
import { finalUnlockStages, unlockJournalKind, type UnlockRecord } from '../lifecycle/unlock-record';
import type { HolderService } from './holder-service';

export type { UnlockRecord } from '../lifecycle/unlock-record';
export type { UnlockSecrets } from '../lifecycle/pin-unlock';

export interface PinUnlockRequestsOptions {
  dataDirectory: string;
  endpoint: () => CmpEndpoint;
  /**
   * Where an open unlock keeps its authorisation code so the app can poll in the background
   * (default: the OS keychain). The CLI passes none: it asks for the code at each sync.
   */
  secrets?: RequestSecretStore | null;
}

/** What the holder typed for one call; without a code, the keychain's (if any) is used. */
export interface UnlockInput {
  code?: string;
  newPin?: string;
}

/** The unlock journal alone: listing needs neither the key nor the backend. */
export function unlockJournal(dataDirectory: string): RequestJournal<UnlockRecord> {
  return new RequestJournal(dataDirectory, unlockJournalKind);
}

export class PinUnlockRequests {
  private readonly journal: RequestJournal<UnlockRecord>;
  private readonly workflow: PinUnlockWorkflow;
  private readonly secrets: RequestSecretStore | null;
  private readonly clock: () => Date;

  constructor(
    private readonly holder: HolderService,
    options: PinUnlockRequestsOptions,
  ) {
    const parts = holder.lifecycleParts();
    this.journal = unlockJournal(options.dataDirectory);
    this.secrets = options.secrets === undefined ? keytarRequestSecretStore() : options.secrets;
    this.clock = parts.clock;
    this.workflow = new PinUnlockWorkflow({
      host: parts.host,
      journal: this.journal,
      endpoint: options.endpoint,
      trustedDer: parts.trustedDer,
      clock: parts.clock,
    });
  }

  /** Asks for an unlock; while it stays open its code is kept in the keychain (if there is one). */
  async start(
    slotId: string,
    reference: string,
    secrets: UnlockSecrets,
    options: UnlockAdvanceOptions = {},
  ): Promise<UnlockRecord> {
    const record = await this.afterwards(this.workflow.start({ slotId, reference }, secrets, options));
    await this.keepOrForget(record, secrets.code);
    return record;
  }

  /** Advances with the code typed now, or else the one in the keychain (request-code-needed without either). */
  async advance(id: string, input: UnlockInput, options: UnlockAdvanceOptions = {}): Promise<UnlockRecord> {
    const code = input.code ?? (await this.secrets?.load(id)) ?? null;
    if (code === null)
      throw new YiKeyError('request-code-needed', 'Type the authorisation code of this unlock again');
    const record = await this.afterwards(
      this.workflow.advance(
        id,
        { code, ...(input.newPin === undefined ? {} : { newPin: input.newPin }) },
        options,
      ),
    );
    await this.keepOrForget(record, input.code);
    return record;
  }

  /**
   * The background round: every open unlock still under review whose code the keychain holds is
   * asked about when its checkAfter is due (MAC only: the key need not be logged in). Returns
   * the records that changed stage.
   */
  async pollOpen(): Promise<UnlockRecord[]> {
    if (!this.secrets) return [];
    const changed: UnlockRecord[] = [];
    const now = this.clock().getTime();
    for (const record of this.openRequests()) {
      if (record.stage !== 'waiting' && record.stage !== 'request-ready') continue;
      // Not due: no keychain read and no message (the round may run for another request).
      if (record.stage === 'waiting' && Date.parse(record.nextPollAt ?? '') > now) continue;
      try {
        // No code given: advance() reads the keychain's once and does not write it back.
        const after = await this.advance(record.id, {});
        if (after.stage !== record.stage) changed.push(after);
      } catch {
        // Busy in another window, no code kept, or the code refused: the holder's own screen says so.
      }
    }
    return changed;
  }

  private async keepOrForget(record: UnlockRecord, typedCode: string | undefined): Promise<void> {
    if (!this.secrets) return;
    if (finalUnlockStages.includes(record.stage)) await this.secrets.remove(record.id);
    else if (typedCode !== undefined) await this.secrets.save(record.id, typedCode);
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
