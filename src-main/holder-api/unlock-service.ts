// The unlock:* methods: PIN码解锁 from the locked-PIN screen, on the token host of the module in
// use. The new PIN passes through once; the authorisation code is kept in the OS keychain while
// the unlock is open (holder/pin-unlock-requests.ts), so the background round (pollOpen, from the
// requests service) learns of the approval with no window waiting; without a keychain the
// renderer holds the code while its window waits, and asks again after a restart.
import type { CmpEndpoint } from '../cmp/http-transport';
import type { UnlockView } from '../contract/pin-unlock';
import { isErrorCode } from '../contract/yikey-error';
import { rejectionReasonFromText } from '../contract/request-stage-text';
import { unlockReviewStage } from './unlock-request-view';
import { PerHolder } from './per-holder';
import { PinUnlockRequests, type UnlockRecord } from '../holder/pin-unlock-requests';
import type { HolderSession } from './holder-session';

export interface UnlockServiceOptions {
  session: HolderSession;
  dataDirectory: string;
  endpoint: () => CmpEndpoint;
}

export function unlockView(record: UnlockRecord): UnlockView {
  return {
    id: record.id,
    tokenSerial: record.token.serial,
    tokenLabel: record.token.label,
    reference: record.reference,
    stage: record.stage,
    reviewStage: unlockReviewStage(record),
    rejectionReason: record.stage === 'rejected' ? rejectionReasonFromText(record.statusText) : null,
    statusText: record.statusText.slice(0, 10),
    nextCheckAt: record.stage === 'waiting' ? (record.nextPollAt ?? null) : null,
    problem: record.lastError
      ? {
          code: isErrorCode(record.lastError.code) ? record.lastError.code : 'internal-error',
          message: record.lastError.message,
        }
      : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export class UnlockService {
  private readonly perHolder: PerHolder<PinUnlockRequests>;

  constructor(options: UnlockServiceOptions) {
    this.perHolder = new PerHolder(
      options.session,
      (holder) =>
        new PinUnlockRequests(holder, { dataDirectory: options.dataDirectory, endpoint: options.endpoint }),
    );
  }

  async start(slotId: string, reference: string, code: string): Promise<UnlockView> {
    return unlockView(await this.unlocks().start(slotId, reference, { code }));
  }

  async continue(id: string, code?: string, newPin?: string): Promise<UnlockView> {
    return unlockView(
      await this.unlocks().advance(id, {
        ...(code === undefined ? {} : { code }),
        ...(newPin === undefined ? {} : { newPin }),
      }),
    );
  }

  /** The background round's part: open unlocks asked about with the keychain's code when due. */
  async pollOpen(): Promise<void> {
    await this.perHolder.orNull()?.pollOpen();
  }

  list(): { unlocks: UnlockView[] } {
    const unlocks = this.perHolder.orNull();
    return { unlocks: unlocks ? unlocks.list().records.slice(-100).map(unlockView) : [] };
  }

  private unlocks(): PinUnlockRequests {
    return this.perHolder.get();
  }
}
