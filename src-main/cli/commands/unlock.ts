// PIN unlock (PIN码解锁, issue 8) from the command line:
//   yikey request unlock --ref NUMBER [--serial TOKEN_SERIAL] [--pin-stdin] [--wait SECONDS]
// The authorisation code and the new PIN (twice) are read like PINs — a hidden prompt, or one
// per line on standard input with --pin-stdin — never from argv. Open unlocks are listed by
// `yikey requests` and advanced by `yikey requests sync` (which asks for the code again).
import type { Command } from 'commander';
import { describeRequestStage } from '../../contract/request-stage-text';
import { reviewStageFromText } from '../../contract/request-stage-text';
import { journalRecordFields, printJournalRecord, reportJournalRecordError } from './journal-record-view';
import { describeUnlockStage, unlockKindText } from '../../contract/unlock-stage-text';
import { YiKeyError } from '../../contract/yikey-error';
import { defaultDataDirectory } from '../../holder/certificate-requests';
import type { HolderService } from '../../holder/holder-service';
import { PinUnlockRequests, unlockJournal, type UnlockRecord } from '../../holder/pin-unlock-requests';
import { cliLanguage } from '../cli-context';
import { pinSource, type PinSource } from '../pin-input';

interface UnlockOptions {
  ref: string;
  serial?: string;
  pinStdin?: boolean;
  wait?: string;
}

type HolderRunner = <T>(
  action: (holder: HolderService, unlocks: PinUnlockRequests) => Promise<T>,
) => Promise<T>;

const zh = (): boolean => cliLanguage() === 'zh-CN';

export function registerUnlockCommand(
  request: Command,
  runWithHolder: HolderRunner,
  wait: (options: { wait?: string }) => number,
): void {
  request
    .command('unlock')
    .description('PIN码解锁: unlock a locked USBKEY with the authorisation code from your unit administrator')
    .requiredOption('--ref <number>', 'reference number (参考号) of the unlock authorisation code')
    .option('--serial <serial>', 'token serial of the locked key (needed when several are inserted)')
    .option('--pin-stdin', 'read the code, then the new PIN twice, one per line from standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .action(async (options: UnlockOptions) => {
      const pins = pinSource(options);
      const record = await runWithHolder(async (holder, unlocks) => {
        const tokens = await holder.listTokens();
        const candidates = tokens.filter((token) =>
          options.serial ? token.serial === options.serial : token.pin.locked || tokens.length === 1,
        );
        if (candidates.length !== 1)
          throw new YiKeyError(
            candidates.length === 0 ? 'token-not-present' : 'invalid-input',
            candidates.length === 0
              ? 'No matching USBKEY is inserted'
              : 'Several USBKEYs are inserted: choose one with --serial',
          );
        const code = await pins.next(zh() ? '授权码：' : 'Authorisation code: ');
        const started = await unlocks.start(
          candidates[0]!.slotId,
          options.ref,
          { code },
          { waitUpToSeconds: wait(options) },
        );
        return await finishWhenApproved(unlocks, started, code, pins);
      });
      printUnlockRecords([record]);
      reportJournalRecordError(record);
    });
}

/** `yikey requests sync`: each open unlock, with its code typed again, and the new PIN once approved. */
export async function syncUnlocks(
  unlocks: PinUnlockRequests,
  pins: PinSource,
  waitUpToSeconds: number,
): Promise<UnlockRecord[]> {
  const results: UnlockRecord[] = [];
  for (const open of unlocks.openRequests()) {
    const code = await pins.next(
      zh() ? `授权码（参考号 ${open.reference}）：` : `Authorisation code (reference ${open.reference}): `,
    );
    const record = await unlocks.advance(open.id, { code }, { waitUpToSeconds });
    results.push(await finishWhenApproved(unlocks, record, code, pins));
  }
  return results;
}

/** Once the backend approved, the new PIN is asked for (twice) and the key unlocked with it. */
async function finishWhenApproved(
  unlocks: PinUnlockRequests,
  record: UnlockRecord,
  code: string,
  pins: PinSource,
): Promise<UnlockRecord> {
  if (record.stage !== 'approved' && record.stage !== 'unlocking') return record;
  return await unlocks.advance(record.id, { code, newPin: await newPinTwice(pins) });
}

async function newPinTwice(pins: PinSource): Promise<string> {
  const first = await pins.next(zh() ? '新PIN码：' : 'New PIN: ');
  const again = await pins.next(zh() ? '再次输入新PIN码：' : 'New PIN again: ');
  if (first !== again)
    throw new YiKeyError('invalid-input', 'The two new PINs differ; nothing was changed', {
      field: 'newPin',
    });
  return first;
}

export function unlockListing(): ReturnType<PinUnlockRequests['list']> {
  return unlockJournal(defaultDataDirectory()).list();
}

/** While waiting, who reviews (单位审核 …) when the answer named it; else the unlock's own stage words. */
function stageText(record: UnlockRecord): string {
  const reviewStage =
    record.stage === 'waiting' ? (record.reviewStage ?? reviewStageFromText(record.statusText)) : undefined;
  return reviewStage
    ? describeRequestStage('waiting', reviewStage, cliLanguage())
    : describeUnlockStage(record.stage, cliLanguage());
}

export function unlockView(record: UnlockRecord) {
  return {
    ...journalRecordFields(record, stageText(record)),
    reference: record.reference,
    transactionId: record.transactionId,
  };
}

export function printUnlockRecords(records: UnlockRecord[]): void {
  for (const record of records)
    printJournalRecord(record, { kind: unlockKindText, stage: stageText(record) });
}
