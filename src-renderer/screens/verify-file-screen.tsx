// 验证签名: a file and its .p7s → who signed, when, and whether it still holds, in plain words.
// Needs no USBKEY, so it is reachable from the no-key screen as well. Three verdicts: valid;
// intact but the signer not verified (no trusted CA, or not issued by one: anyone can make a
// certificate with any name); invalid.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerificationView } from '../../src-main/contract/holder-api-schemas';
import { fileToBase64 } from '../api/bytes';
import { assertTransferable } from '../api/transfer-size';
import { ChainStatusBadge } from '../components/chain-status-badge';
import { ErrorMessage } from '../components/error-message';
import { formatDate } from '../components/format-date';
import { maskIdNumberInDn } from '../components/id-number-mask';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';

export function VerifyFileScreen() {
  const { t } = useTranslation();
  const { client } = useHolder();
  const fileId = useId();
  const signatureId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [signature, setSignature] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerificationView | null>(null);
  const [error, setError] = useState<unknown>(null);

  const verify = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!file || !signature) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      // Both files travel in one call: each must pass the same size rule as a file to sign.
      assertTransferable(file);
      assertTransferable(signature);
      setResult(
        await client.call('files:verify', {
          file: { name: file.name, contentBase64: await fileToBase64(file) },
          signature: { name: signature.name, contentBase64: await fileToBase64(signature) },
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel panel-wide" aria-labelledby="verify-title" data-testid="verify-screen">
      <h1 id="verify-title" className="panel-title">
        {t('verify.title')}
      </h1>
      <p>{t('verify.intro')}</p>
      <form className="form" onSubmit={(event) => void verify(event)}>
        <div className="field">
          <label htmlFor={fileId}>{t('verify.file')}</label>
          <input id={fileId} type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor={signatureId}>{t('verify.signature')}</label>
          <input
            id={signatureId}
            type="file"
            accept=".p7s,application/pkcs7-signature"
            onChange={(event) => setSignature(event.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || !file || !signature}>
          {busy ? t('verify.submitting') : t('verify.submit')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {result && <VerificationResult result={result} />}
    </section>
  );
}

function VerdictTitle({ result }: { result: VerificationView }) {
  const { t } = useTranslation();
  switch (result.outcome) {
    case 'valid':
      return <p className="verdict-title">✓ {t('verify.valid')}</p>;
    case 'not-verified':
      return (
        <>
          <p className="verdict-title">! {t('verify.notVerified')}</p>
          <p data-testid="verdict-why">
            {t(`verify.notVerifiedWhy.${result.chain === 'not-checked' ? 'not-checked' : 'untrusted'}`)}
          </p>
        </>
      );
    case 'invalid':
      return <p className="verdict-title">✗ {t('verify.invalid')}</p>;
  }
}

function VerificationResult({ result }: { result: VerificationView }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { signer } = result;
  return (
    <div className={`verdict verdict-${result.outcome}`} role="status" data-testid="verdict">
      <VerdictTitle result={result} />
      <dl className="card-facts">
        <dt>{t('verify.signer')}</dt>
        <dd data-testid="verify-signer">
          {signer.subject.commonName ?? maskIdNumberInDn(signer.subject.dn)}
        </dd>
        <dt>{t('verify.organization')}</dt>
        <dd>{signer.subject.organization ?? t('certs.notPresent')}</dd>
        <dt>{t('verify.issuer')}</dt>
        <dd>{signer.issuer.commonName ?? maskIdNumberInDn(signer.issuer.dn)}</dd>
        <dt>{t('verify.time')}</dt>
        <dd>
          {result.signingTime ? formatDate(result.signingTime, language, true) : t('verify.noTime')}
          {/* Until signatures carry a trusted timestamp, the time is only the signer's word. */}
          <span className="field-hint verdict-time-claim" data-testid="signing-time-claim">
            {t('verify.timeClaim')}
          </span>
        </dd>
      </dl>
      <p className="verdict-chain">
        <ChainStatusBadge status={result.chain} />
      </p>
      <ul className="verdict-points">
        <li>{t(`verify.integrity.${result.integrity}`)}</li>
        <li>{t(`verify.certAtSigning.${result.certificateValidAtSigningTime ? 'true' : 'false'}`)}</li>
        <li>{t(`verify.chain.${result.chain}`)}</li>
      </ul>
      {result.problems.length > 0 && (
        <p className="problems">
          {t('verify.problems')}: <code>{result.problems.join(', ')}</code>
        </p>
      )}
    </div>
  );
}
