// How `yikey requests` shows a record of either journal — certificate requests (续期/变更/注销)
// and PIN unlocks: one line per record for people, the same fields in --json, and the last
// step's problem on standard error. The stage is always in YiKey's words; the backend's own
// words stay in the JSON's statusText (and after the stage when a request was rejected: the
// reviewer's reason).
import { describeError, type Language } from '../../contract/error-messages';
import type { ErrorCode } from '../../contract/error-codes';
import { cliLanguage } from '../cli-context';

/** What the two journals' records share. */
export interface JournalRecord {
  id: string;
  kind: string;
  stage: string;
  statusText: string[];
  token: { serial: string; label: string };
  nextPollAt?: string;
  lastError?: { code: string; message: string; at: string };
  createdAt: string;
  updatedAt: string;
  history: { stage: string; at: string }[];
}

/** The --json fields every record has; each journal adds its own (fingerprint, reference, …). */
export function journalRecordFields(record: JournalRecord, stageText: string) {
  return {
    id: record.id,
    kind: record.kind,
    stage: record.stage,
    stageText,
    token: record.token,
    statusText: record.statusText,
    nextPollAt: record.nextPollAt ?? null,
    lastError: record.lastError ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    history: record.history,
  };
}

export function printJournalRecord(
  record: JournalRecord,
  words: { kind: Record<Language, string>; stage: string },
): void {
  const reason =
    record.stage === 'rejected' && record.statusText.length ? `：${record.statusText.join('；')}` : '';
  process.stdout.write(
    `${record.id}  ${words.kind[cliLanguage()]}  ${words.stage}${reason}  [${record.token.label}]  ${record.updatedAt}\n`,
  );
}

/** The last step's problem, code in brackets for the support desk; a final failure sets the exit code. */
export function reportJournalRecordError(record: JournalRecord): void {
  if (!record.lastError || record.stage === 'completed') return;
  const language = cliLanguage();
  const code = record.lastError.code as ErrorCode;
  const text = describeError(code, { reason: record.statusText.join('；') }, language);
  process.stderr.write(
    `${language === 'zh-CN' ? '注意' : 'Note'} [${code}]: ${text} (${record.lastError.message})\n`,
  );
  if (record.stage === 'rejected' || record.stage === 'failed') process.exitCode = 1;
}
