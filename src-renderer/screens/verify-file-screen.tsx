// 验证签名: a file and its .p7s → who signed, when, and whether it still holds, in plain words.
// Needs no USBKEY, so it is reachable from the no-key screen as well. Three verdicts: valid;
// intact but the signer not verified (no trusted CA, or not issued by one: anyone can make a
// certificate with any name); invalid.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerificationView } from '../../src-main/contract/holder-api-schemas';
import { fileToBase64 } from '../api/bytes';
import { assertTransferable } from '../api/transfer-size';
import { ErrorMessage } from '../components/error-message';
import { FileDropChooser } from '../components/file-drop-chooser';
import { JargonExplainer } from '../components/jargon-explainer';
import { VerificationResult } from '../components/verification-result';
import { useHolder } from '../state/holder-context';
import { sortVerifyFiles } from '../state/verify-file-choice';

export function VerifyFileScreen() {
  const { t } = useTranslation();
  const { client } = useHolder();
  const [file, setFile] = useState<File | null>(null);
  const [signature, setSignature] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerificationView | null>(null);
  const [error, setError] = useState<unknown>(null);

  // A result belongs to the files it was made for: a new choice takes it away.
  const choose = (files: File[], zone: 'file' | 'signature'): void => {
    const { file: chosenFile, signature: chosenSignature } = sortVerifyFiles(files, zone);
    if (chosenFile) setFile(chosenFile);
    if (chosenSignature) setSignature(chosenSignature);
    setResult(null);
    setError(null);
  };

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
      <JargonExplainer text={t('jargon.p7s')} testId="verify-jargon" />
      <form className="form" onSubmit={(event) => void verify(event)}>
        <FileDropChooser
          label={t('verify.file')}
          buttonText={t('verify.chooseFile')}
          multiple={false}
          disabled={busy}
          chosenName={file?.name ?? null}
          testId="verify-file-zone"
          onFiles={(files) => choose(files, 'file')}
        />
        <FileDropChooser
          label={t('verify.signature')}
          buttonText={t('verify.chooseSignature')}
          multiple={false}
          accept=".p7s,application/pkcs7-signature"
          disabled={busy}
          chosenName={signature?.name ?? null}
          testId="verify-signature-zone"
          onFiles={(files) => choose(files, 'signature')}
        />
        <button type="submit" className="button button-primary" disabled={busy || !file || !signature}>
          {busy ? t('verify.submitting') : t('verify.submit')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {result && <VerificationResult result={result} />}
    </section>
  );
}
