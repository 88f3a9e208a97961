// 签名文件: one or many files → a detached .p7s each. Browser mode cannot write next to the
// original (the page never learns file paths), so each file's bytes go to main over the
// socket and its .p7s comes back as a download. The batch itself lives in
// state/signing-batch.ts, so a key pulled out mid-batch keeps the signatures already made.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FileDropChooser } from '../components/file-drop-chooser';
import { SignerSummary } from '../components/signer-summary';
import { SigningResults } from '../components/signing-results';
import { useHolder } from '../state/holder-context';
import { maxFilesPerBatch, signingBatch, useSigningBatch } from '../state/signing-batch';

/**
 * The encryption certificate of a dual pair (SM2 keys usually carry one) is never offered: only
 * a certificate without key usage, or with digitalSignature or nonRepudiation, signs.
 */
function canSign(keyUsage: string[] | null): boolean {
  return keyUsage === null || keyUsage.includes('digitalSignature') || keyUsage.includes('nonRepudiation');
}

export function SignFilesScreen() {
  const { t } = useTranslation();
  const { client, certificates, tokens } = useHolder();
  const signerId = useId();
  const stored = useSigningBatch();
  const [tooMany, setTooMany] = useState(false);
  // Only keys the holder is logged in to can sign: a certificate on another inserted key is
  // not offered (signing with it could only fail with "log in first").
  const loggedIn = tokens?.filter((token) => token.loggedIn) ?? [];
  const loggedInSlots = new Set(loggedIn.map((token) => token.slotId));
  const signers = (certificates?.certificates ?? []).flatMap((entry) =>
    entry.readable &&
    loggedInSlots.has(entry.slotId) &&
    entry.keyPairing !== 'missing' &&
    !entry.certificate.isCa &&
    canSign(entry.certificate.keyUsage)
      ? [{ certificate: entry.certificate, tokenLabel: entry.tokenLabel, tokenSerial: entry.tokenSerial }]
      : [],
  );
  const [fingerprint, setFingerprint] = useState<string>('');
  const signer =
    signers.find((candidate) => candidate.certificate.sha256Fingerprint === fingerprint) ?? signers[0];
  // A batch made with a key that is no longer logged in here belongs to someone else's session.
  const ownBatch =
    stored.tokenSerial === null || loggedIn.some((token) => token.serial === stored.tokenSerial);
  const batch = ownBatch ? stored : { ...stored, items: [] };
  const busy = batch.running;
  const toSign = batch.items.filter((item) => item.outcome.state !== 'done').length;

  const choose = (files: File[]): void => {
    if (files.length > maxFilesPerBatch) {
      setTooMany(true);
      return;
    }
    setTooMany(false);
    signingBatch.choose(files, signer?.tokenSerial ?? loggedIn[0]?.serial ?? null);
  };
  const signAll = (event: FormEvent): void => {
    event.preventDefault();
    void signingBatch.signAll(client, signer?.certificate.sha256Fingerprint ?? '');
  };

  return (
    <section className="panel panel-wide" aria-labelledby="sign-title" data-testid="sign-screen">
      <h1 id="sign-title" className="panel-title">
        {t('sign.title')}
      </h1>
      <p>{t('sign.intro')}</p>
      <form className="form" onSubmit={signAll}>
        {signers.length > 1 && (
          <div className="field">
            <label htmlFor={signerId}>{t('sign.signer')}</label>
            <select
              id={signerId}
              value={signer?.certificate.sha256Fingerprint ?? ''}
              disabled={busy}
              onChange={(event) => setFingerprint(event.target.value)}
            >
              {signers.map(({ certificate, tokenLabel }) => (
                <option key={certificate.sha256Fingerprint} value={certificate.sha256Fingerprint}>
                  {certificate.subject.commonName} — {certificate.issuer.commonName} (
                  {certificate.serialNumber}) · {tokenLabel}
                </option>
              ))}
            </select>
          </div>
        )}
        {signer && <SignerSummary certificate={signer.certificate} tokenLabel={signer.tokenLabel} />}
        <FileDropChooser label={t('sign.choose')} disabled={busy} onFiles={choose} />
        {tooMany && (
          <p className="message message-error" role="alert">
            {t('sign.tooMany', { max: maxFilesPerBatch })}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || toSign === 0}>
          {busy ? t('sign.submitting') : t('sign.submit')}
        </button>
      </form>
      <SigningResults batch={batch} />
    </section>
  );
}
