// The batch's files with their outcome, the progress, 全部保存 and (while it runs) 取消.
// Files not reached say why (未签名：USBKEY已拔出 / 已取消 / 已退出登录), finished signatures stay.
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../api/bytes';
import { signingBatch, type FileOutcome, type SigningBatch } from '../state/signing-batch';
import { ErrorMessage } from './error-message';

// Browsers drop downloads started in the same instant; a short gap keeps every one.
const gapBetweenDownloadsMs = 300;

async function saveAll(batch: SigningBatch): Promise<void> {
  let first = true;
  for (const item of batch.items) {
    if (item.outcome.state !== 'done') continue;
    if (!first) await new Promise((resolve) => setTimeout(resolve, gapBetweenDownloadsMs));
    first = false;
    const { fileName, mediaType, contentBase64 } = item.outcome.signature;
    downloadFile(fileName, mediaType, contentBase64);
  }
}

export function SigningResults({ batch }: { batch: SigningBatch }) {
  const { t } = useTranslation();
  const total = batch.items.length;
  if (total === 0) return null;
  // Files not reached (cancelled, key removed) are not "done": the count stays honest.
  const finished = batch.items.filter(
    (item) => item.outcome.state === 'done' || item.outcome.state === 'failed',
  ).length;
  const signed = batch.items.filter((item) => item.outcome.state === 'done').length;
  return (
    <div className="signing-results">
      <div className="progress-block">
        <progress value={finished} max={total} aria-label={t('sign.progress', { done: finished, total })} />
        <span>{t('sign.progress', { done: finished, total })}</span>
        {batch.running && (
          <button
            type="button"
            className="button"
            disabled={batch.cancelRequested}
            onClick={() => signingBatch.cancel()}
          >
            {batch.cancelRequested ? t('sign.cancelling') : t('sign.cancel')}
          </button>
        )}
        {!batch.running && signed > 0 && (
          <button type="button" className="button button-primary" onClick={() => void saveAll(batch)}>
            {t('sign.saveAll', { count: signed })}
          </button>
        )}
      </div>
      {batch.stopReason && !batch.running && (
        <p className="message message-warning" role="status" data-testid="sign-stopped">
          {t(`sign.stopped.${batch.stopReason}`, { signed, total })}
        </p>
      )}
      <ul className="file-list" aria-live="polite">
        {batch.items.map((item, index) => (
          <li
            key={`${item.file.name}:${index}`}
            className={`file-item file-${item.outcome.state}`}
            data-testid="sign-item"
          >
            <span className="file-name">{item.file.name}</span>
            <FileOutcomeView outcome={item.outcome} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function FileOutcomeView({ outcome }: { outcome: FileOutcome }) {
  const { t } = useTranslation();
  switch (outcome.state) {
    case 'waiting':
      return <span className="file-state">{t('sign.waiting')}</span>;
    case 'working':
      return <span className="file-state">{t('sign.working')}</span>;
    case 'failed':
      return <ErrorMessage error={outcome.error} />;
    case 'skipped':
      return <span className="file-state file-state-skipped">{t(`sign.notSigned.${outcome.reason}`)}</span>;
    case 'done':
      return (
        <span className="file-state file-state-done">
          <span className="file-state-word">✓ {t('sign.done')}</span>
          <button
            type="button"
            className="button"
            onClick={() =>
              downloadFile(
                outcome.signature.fileName,
                outcome.signature.mediaType,
                outcome.signature.contentBase64,
              )
            }
          >
            {t('sign.download', { name: outcome.signature.fileName })}
          </button>
        </span>
      );
  }
}
