// 签名文件: one or many files → a detached .p7s each. Browser mode cannot write next to the
// original (the page never learns file paths), so each file's bytes go to main over the
// socket and its .p7s comes back as a download. Files are signed one after another, because
// a USBKEY signs one thing at a time anyway; each shows its own result.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile } from '../../src-main/contract/holder-api-schemas';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { downloadFile, fileToBase64 } from '../api/bytes';
import { assertTransferable } from '../api/transfer-size';
import { ErrorMessage } from '../components/error-message';
import { useHolder } from '../state/holder-context';

type FileOutcome =
  | { state: 'waiting' }
  | { state: 'working' }
  | { state: 'done'; signature: ExportedFile }
  | { state: 'failed'; error: unknown };

interface SigningItem {
  file: File;
  outcome: FileOutcome;
}

export function SignFilesScreen() {
  const { t } = useTranslation();
  const { client, certificates, tokens } = useHolder();
  const inputId = useId();
  const signerId = useId();
  const [items, setItems] = useState<SigningItem[]>([]);
  const [busy, setBusy] = useState(false);
  // Only keys the holder is logged in to can sign: a certificate on another inserted key is
  // not offered (signing with it could only fail with "log in first").
  const loggedInSlots = new Set(tokens?.filter((token) => token.loggedIn).map((token) => token.slotId));
  const signers = (certificates?.certificates ?? []).flatMap((entry) =>
    entry.readable &&
    loggedInSlots.has(entry.slotId) &&
    entry.keyPairing !== 'missing' &&
    !entry.certificate.isCa
      ? [{ ...entry.certificate, tokenLabel: entry.tokenLabel }]
      : [],
  );
  const [fingerprint, setFingerprint] = useState<string>('');
  const chosen = fingerprint || signers[0]?.sha256Fingerprint || '';

  const update = (index: number, outcome: FileOutcome): void =>
    setItems((current) =>
      current.map((item, position) => (position === index ? { ...item, outcome } : item)),
    );

  const signAll = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    for (const [index, item] of items.entries()) {
      if (item.outcome.state === 'done') continue;
      update(index, { state: 'working' });
      try {
        assertTransferable(item.file);
        const contentBase64 = await fileToBase64(item.file);
        const result = await client.call('files:sign', {
          file: { name: item.file.name, contentBase64 },
          ...(chosen ? { sha256Fingerprint: chosen } : {}),
        });
        update(index, { state: 'done', signature: result.signature });
      } catch (error) {
        update(index, { state: 'failed', error });
        const code = YiKeyError.from(error).code;
        // Without the key or the login, the remaining files would fail the same way.
        if (code === 'token-removed' || code === 'not-logged-in' || code === 'token-not-present') break;
      }
    }
    setBusy(false);
  };

  const done = items.filter(
    (item) => item.outcome.state === 'done' || item.outcome.state === 'failed',
  ).length;
  return (
    <section className="panel panel-wide" aria-labelledby="sign-title" data-testid="sign-screen">
      <h1 id="sign-title" className="panel-title">
        {t('sign.title')}
      </h1>
      <p>{t('sign.intro')}</p>
      <form className="form" onSubmit={(event) => void signAll(event)}>
        {signers.length > 1 && (
          <div className="field">
            <label htmlFor={signerId}>{t('sign.signer')}</label>
            <select id={signerId} value={chosen} onChange={(event) => setFingerprint(event.target.value)}>
              {signers.map((certificate) => (
                <option key={certificate.sha256Fingerprint} value={certificate.sha256Fingerprint}>
                  {certificate.subject.commonName} — {certificate.issuer.commonName} (
                  {certificate.serialNumber}) · {certificate.tokenLabel}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={inputId}>{t('sign.choose')}</label>
          <input
            id={inputId}
            type="file"
            multiple
            disabled={busy}
            onChange={(event) =>
              setItems(
                [...(event.target.files ?? [])].map((file) => ({ file, outcome: { state: 'waiting' } })),
              )
            }
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || items.length === 0}>
          {busy ? t('sign.submitting') : t('sign.submit')}
        </button>
      </form>
      {items.length > 0 && (
        <div className="progress-block">
          <progress
            value={done}
            max={items.length}
            aria-label={t('sign.progress', { done, total: items.length })}
          />
          <span>{t('sign.progress', { done, total: items.length })}</span>
        </div>
      )}
      <ul className="file-list" aria-live="polite">
        {items.map((item, index) => (
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
    </section>
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
    case 'done':
      return (
        <span className="file-state file-state-done">
          ✓ {t('sign.done')}
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
