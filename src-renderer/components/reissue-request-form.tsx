// 补办证书 on a USBKEY with no certificate (the holder is logged in to it): what it is for (a
// lost or damaged key), where the reference number and authorisation code come from (the unit's
// certificate administrator), what happens on the key (a new key pair), then both fields →
// progress → submitted, with whether the system keychain kept the code. The code lives in this
// component only until it is sent.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReissueStarted } from '../../src-main/contract/certificate-requests';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';
import { AuthorisationCodeFields, useAuthorisationCode } from './authorisation-code-fields';
import { ErrorMessage } from './error-message';
import { ProgressLine } from './progress-line';

type Step = { kind: 'offer' } | { kind: 'form' } | { kind: 'working' } | { kind: 'sent'; codeKept: boolean };

export function ReissueRequestForm({
  token,
  onOpenRequests,
}: {
  token: TokenSummary;
  onOpenRequests?: () => void;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'offer' });

  if (step.kind === 'offer')
    return (
      <div className="reissue-offer" data-testid="reissue-offer">
        <p>{t('reissue.offer')}</p>
        <button type="button" className="button button-primary" onClick={() => setStep({ kind: 'form' })}>
          {t('reissue.start')}
        </button>
      </div>
    );
  if (step.kind === 'sent')
    return (
      <div className="message message-success" role="status" data-testid="reissue-sent">
        <p>{t('reissue.submitted')}</p>
        <p>{t(step.codeKept ? 'reissue.codeKept' : 'reissue.codeNotKept')}</p>
        {onOpenRequests && (
          <button type="button" className="button" onClick={onOpenRequests}>
            {t('reissue.openRequests')}
          </button>
        )}
      </div>
    );
  return (
    <ReissueFields
      token={token}
      working={step.kind === 'working'}
      onWorking={() => setStep({ kind: 'working' })}
      onFailed={() => setStep({ kind: 'form' })}
      onSent={(started) => setStep({ kind: 'sent', codeKept: started.codeKept })}
      onCancel={() => setStep({ kind: 'offer' })}
    />
  );
}

function ReissueFields(props: {
  token: TokenSummary;
  working: boolean;
  onWorking: () => void;
  onFailed: () => void;
  onSent: (started: ReissueStarted) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const formId = useId();
  const fields = useAuthorisationCode({ withReference: true });
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!fields.check()) return;
    setError(null);
    props.onWorking();
    try {
      const started = await client.call('requests:reissue', {
        slotId: props.token.slotId,
        reference: fields.reference,
        code: fields.code,
      });
      fields.clearCode();
      await refresh();
      props.onSent(started);
    } catch (caught) {
      setError(caught);
      props.onFailed();
    }
  };

  return (
    <form
      className="form"
      aria-labelledby={`${formId}-title`}
      data-testid="reissue-form"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={`${formId}-title`} className="section-title">
        {t('reissue.title')}
      </h3>
      <ul>
        <li>{t('reissue.introWhere')}</li>
        <li>{t('reissue.introKey')}</li>
        <li>{t('reissue.introReview')}</li>
        <li>{t('reissue.introOld')}</li>
      </ul>
      <AuthorisationCodeFields {...fields.fields} disabled={props.working} autoFocus />
      <ErrorMessage error={error} />
      {props.working && (
        <ProgressLine busy testId="reissue-working">
          {t('reissue.working')}
        </ProgressLine>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={props.working || !fields.ready}>
          {t('reissue.submit')}
        </button>
        <button type="button" className="button" disabled={props.working} onClick={props.onCancel}>
          {t('reissue.cancel')}
        </button>
      </div>
    </form>
  );
}
