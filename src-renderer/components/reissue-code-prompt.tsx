// A re-issue whose authorisation code no system keychain kept (request-code-needed): the code
// typed again, then the request is taken as far as it goes (requests:sync with the code). The
// code is held only until it is sent.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../../src-main/contract/certificate-requests';
import { useHolder } from '../state/holder-context';
import { AuthorisationCodeFields, useAuthorisationCode } from './authorisation-code-fields';
import { ErrorMessage } from './error-message';
import { ProgressLine } from './progress-line';

export function ReissueCodePrompt({ request }: { request: RequestView }) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const code = useAuthorisationCode({ withReference: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const typed = code.code;
      code.clearCode();
      const list = await client.call('requests:sync', { id: request.id, code: typed });
      await refresh();
      const after = list.requests.find((candidate) => candidate.id === request.id);
      if (after?.problem) setError(after.problem);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid="reissue-code-prompt">
      <p>{t('reissue.codeAgain', { reference: request.reference ?? '' })}</p>
      <AuthorisationCodeFields {...code.fields} disabled={busy} />
      <ErrorMessage error={error} />
      {busy && <ProgressLine busy>{t('reissue.continuing')}</ProgressLine>}
      <button type="submit" className="button button-primary" disabled={busy || !code.ready}>
        {t('reissue.continue')}
      </button>
    </form>
  );
}
