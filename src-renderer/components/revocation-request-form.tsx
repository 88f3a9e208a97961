// 申请注销: the reason from the provincial list (私钥泄露, 身份信息变更, 工作调动, 离职, 退休), a
// warning that it cannot be undone and that the key will no longer sign (a leaked key is
// revoked at once), the line for a lost key (only the unit administrator can revoke it, in the
// console: the holder has no key to sign with), a confirmation, then requests:revoke.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevocationReasonName } from '../../src-main/contract/certificate-requests';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { useHolder } from '../state/holder-context';
import { ProgressLine } from './progress-line';
import { RequestConfirmation } from './request-confirmation';

const reasons: RevocationReasonName[] = [
  'key-leaked',
  'identity-changed',
  'job-change',
  'leaving',
  'retirement',
];

type Step =
  | { kind: 'choose' }
  | { kind: 'confirm'; reason: RevocationReasonName }
  | { kind: 'working' }
  | { kind: 'failed'; error: unknown; reason: RevocationReasonName };

export function RevocationRequestForm({
  certificate,
  onClose,
  onSubmitted,
}: {
  certificate: CertificateView;
  onClose: () => void;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const formId = useId();
  const [reason, setReason] = useState<RevocationReasonName | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'choose' });

  const submit = async (chosen: RevocationReasonName) => {
    setStep({ kind: 'working' });
    try {
      await client.call('requests:revoke', {
        sha256Fingerprint: certificate.sha256Fingerprint,
        reason: chosen,
      });
      onSubmitted();
    } catch (error) {
      setStep({ kind: 'failed', error, reason: chosen });
    }
  };

  const warning = (
    <div className="banner banner-danger" data-testid="revoke-warning">
      <p>
        <strong>{t('forms.revoke.warningTitle')}</strong>
      </p>
      <ul>
        <li>{t('forms.revoke.warningUndo')}</li>
        <li>{t('forms.revoke.warningSign')}</li>
        <li>{t('forms.revoke.warningReview')}</li>
      </ul>
    </div>
  );

  if (step.kind === 'working')
    return (
      <ProgressLine busy testId="revoke-working">
        {t('forms.revoke.working')}
      </ProgressLine>
    );

  if (step.kind === 'confirm' || step.kind === 'failed')
    return (
      <RequestConfirmation
        title={t('forms.revoke.confirmTitle')}
        testId="revoke-confirm"
        headingLevel={3}
        confirmLabel={t('forms.revoke.confirm')}
        onConfirm={() => void submit(step.reason)}
        backLabel={t('forms.back')}
        onBack={() => setStep({ kind: 'choose' })}
        error={step.kind === 'failed' ? step.error : null}
        irreversible
      >
        <p>{t('forms.revoke.confirmReason', { reason: t(`forms.revoke.reason.${step.reason}`) })}</p>
        {warning}
        <p>
          <strong>{t('forms.revoke.confirmAgain')}</strong>
        </p>
      </RequestConfirmation>
    );

  return (
    <form
      className="form"
      aria-labelledby={`${formId}-title`}
      data-testid="revoke-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setMissingReason(reason === null);
        if (reason) setStep({ kind: 'confirm', reason });
      }}
    >
      <h3 id={`${formId}-title`} className="section-title">
        {t('forms.revoke.title')}
      </h3>
      <p className="message message-warning" data-testid="revoke-lost-key">
        {t('forms.revoke.lostKey')}
      </p>
      <fieldset
        className="fieldset"
        aria-describedby={missingReason ? `${formId}-missing` : undefined}
        aria-invalid={missingReason ? 'true' : undefined}
      >
        <legend>{t('forms.revoke.reasonLegend')}</legend>
        {reasons.map((value) => (
          <div key={value}>
            <label className="choice">
              <input
                type="radio"
                name={`${formId}-reason`}
                value={value}
                checked={reason === value}
                aria-describedby={`${formId}-${value}-hint`}
                onChange={() => {
                  setReason(value);
                  setMissingReason(false);
                }}
              />
              {t(`forms.revoke.reason.${value}`)}
            </label>
            <p id={`${formId}-${value}-hint`} className="field-hint choice-hint">
              {t(`forms.revoke.reasonHint.${value}`)}
            </p>
          </div>
        ))}
        {missingReason && (
          <p id={`${formId}-missing`} className="field-problem" role="alert">
            {t('forms.revoke.chooseReason')}
          </p>
        )}
      </fieldset>
      {warning}
      <div className="button-row">
        <button type="submit" className="button button-primary">
          {t('forms.revoke.next')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('forms.cancel')}
        </button>
      </div>
    </form>
  );
}
