// PIN unlock (PIN码解锁, issue 8) from the command line:
//   yikey request unlock --ref NUMBER [--serial TOKEN_SERIAL] [--pin-stdin] [--wait SECONDS]
// The authorisation code and the new PIN (twice) are read like PINs — a hidden prompt, or one
// per line on standard input with --pin-stdin — never from argv. Open unlocks are listed by
// `yikey requests` and advanced by `yikey requests sync` (which asks for the code again).
import type { Command } from 'commander';
import { describeError } from '../../contract/error-messages';
import type { ErrorCode } from '../../contract/error-codes';
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
      reportUnlockError(record);
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

export function unlockView(record: UnlockRecord) {
  return {
    id: record.id,
    kind: record.kind,
    stage: record.stage,
    stageText:
      record.stage === 'waiting' && record.statusText[0]
        ? record.statusText[0]
        : describeUnlockStage(record.stage, cliLanguage()),
    token: record.token,
    reference: record.reference,
    transactionId: record.transactionId,
    statusText: record.statusText,
    nextPollAt: record.nextPollAt ?? null,
    lastError: record.lastError ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    history: record.history,
  };
}

export function printUnlockRecords(records: UnlockRecord[]): void {
  const language = cliLanguage();
  for (const record of records) {
    const reason =
      record.stage === 'rejected' && record.statusText.length ? `：${record.statusText.join('；')}` : '';
    process.stdout.write(
      `${record.id}  ${unlockKindText[language]}  ${unlockView(record).stageText}${reason}  [${record.token.label}]  ${record.updatedAt}\n`,
    );
  }
}

export function reportUnlockError(record: UnlockRecord): void {
  if (!record.lastError || record.stage === 'completed') return;
  const language = cliLanguage();
  const code = record.lastError.code as ErrorCode;
  const text = describeError(code, { reason: record.statusText.join('；') }, language);
  process.stderr.write(
    `${language === 'zh-CN' ? '注意' : 'Note'} [${code}]: ${text} (${record.lastError.message})\n`,
  );
  if (record.stage === 'rejected' || record.stage === 'failed') process.exitCode = 1;
}
