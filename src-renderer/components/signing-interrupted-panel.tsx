// Shown above the no-key screen when the key was pulled out during (or just after) a signing
// batch: the signatures already made can still be saved, and the holder reads why the rest
// stopped. 关闭 forgets the batch (its file names should not stay on screen for the next person).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { signingBatch, useSigningBatch, type SigningBatch } from '../state/signing-batch';
import { SigningResults } from './signing-results';

/** Whether a batch is worth showing without a key: it was running or stopped for lack of one. */
export function isInterruptedBatch(batch: SigningBatch): boolean {
  return (
    batch.items.length > 0 &&
    (batch.running || batch.stopReason === 'key-removed' || batch.stopReason === 'logged-out')
  );
}

export function SigningInterruptedPanel() {
  const { t } = useTranslation();
  const batch = useSigningBatch();
  // Rendered only without a key: a "log in first" stop was the removal.
  useEffect(() => signingBatch.markKeyRemoved(), [batch.running]);
  if (!isInterruptedBatch(batch)) return null;
  return (
    <section
      className="panel panel-wide sign-interrupted"
      aria-labelledby="sign-interrupted-title"
      data-testid="sign-interrupted"
    >
      <h2 id="sign-interrupted-title" className="panel-title">
        {t('sign.interruptedTitle')}
      </h2>
      <SigningResults batch={batch} />
      {!batch.running && (
        <button type="button" className="button sign-interrupted-close" onClick={() => signingBatch.clear()}>
          {t('sign.close')}
        </button>
      )}
    </section>
  );
}
