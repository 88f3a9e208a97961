// 申请变更信息: new name / department / ID number (only what changes), each checked with its
// problem next to the field; then a confirmation that says what happens (a new key on the
// USBKEY, the unit administrator checks the documents, the current certificate keeps working
// until the new one is installed); then requests:change with a progress line. Reached only
// while logged in, so the PIN session the request needs is there.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { subjectChangeFields } from '../../src-main/contract/subject-changes';
import { useHolder } from '../state/holder-context';
import { ProgressLine } from './progress-line';
import { RequestConfirmation } from './request-confirmation';
import {
  checkChanges,
  currentValue,
  type ChangeField,
  type ChangeProblem,
  type ChangeValues,
} from './subject-change-problems';

type Step =
  | { kind: 'edit' }
  | { kind: 'confirm'; changes: Partial<ChangeValues> }
  | { kind: 'working' }
  | { kind: 'failed'; error: unknown; changes: Partial<ChangeValues> };

export function ChangeRequestForm({
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
  const [values, setValues] = useState<ChangeValues>({ commonName: '', department: '', idNumber: '' });
  const [problems, setProblems] = useState<Partial<Record<ChangeField, ChangeProblem>>>({});
  const [empty, setEmpty] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'edit' });

  const next = () => {
    const checked = checkChanges(certificate, values);
    setProblems(checked.problems);
    const hasProblem = Object.keys(checked.problems).length > 0;
    setEmpty(!hasProblem && Object.keys(checked.changes).length === 0);
    if (!hasProblem && Object.keys(checked.changes).length > 0)
      setStep({ kind: 'confirm', changes: checked.changes });
  };

  const submit = async (changes: Partial<ChangeValues>) => {
    setStep({ kind: 'working' });
    try {
      await client.call('requests:change', { sha256Fingerprint: certificate.sha256Fingerprint, changes });
      onSubmitted();
    } catch (error) {
      setStep({ kind: 'failed', error, changes });
    }
  };

  if (step.kind === 'working')
    return (
      <ProgressLine busy testId="change-working">
        {t('forms.change.working')}
      </ProgressLine>
    );

  if (step.kind === 'confirm' || step.kind === 'failed')
    return (
      <RequestConfirmation
        title={t('forms.change.confirmTitle')}
        testId="change-confirm"
        headingLevel={3}
        confirmLabel={t('forms.change.confirm')}
        onConfirm={() => void submit(step.changes)}
        backLabel={t('forms.back')}
        onBack={() => setStep({ kind: 'edit' })}
        error={step.kind === 'failed' ? step.error : null}
      >
        <p>{t('forms.change.confirmChanges')}</p>
        <ul data-testid="change-summary">
          {subjectChangeFields
            .filter((field) => step.changes[field] !== undefined)
            .map((field) => (
              <li key={field}>
                {t(`forms.change.${field}`)}：{step.changes[field]}
              </li>
            ))}
        </ul>
        <p>{t('forms.change.confirmIntro')}</p>
        <ul>
          <li>{t('forms.change.confirmKey')}</li>
          <li>{t('forms.change.confirmDocuments')}</li>
          <li>{t('forms.change.confirmKeep')}</li>
        </ul>
      </RequestConfirmation>
    );

  return (
    <form
      className="form"
      aria-labelledby={`${formId}-title`}
      data-testid="change-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        next();
      }}
    >
      <h3 id={`${formId}-title`} className="section-title">
        {t('forms.change.title')}
      </h3>
      <p className="field-hint">{t('forms.change.intro')}</p>
      {subjectChangeFields.map((field) => {
        const inputId = `${formId}-${field}`;
        const problem = problems[field];
        const described = [`${inputId}-current`, field === 'idNumber' ? `${inputId}-hint` : null]
          .concat(problem ? `${inputId}-problem` : null)
          .filter(Boolean)
          .join(' ');
        return (
          <div className="field" key={field}>
            <label htmlFor={inputId}>{t(`forms.change.${field}`)}</label>
            <p id={`${inputId}-current`} className="field-hint">
              {t('forms.change.current', {
                value: currentValue(certificate, field) ?? t('forms.change.none'),
              })}
            </p>
            {field === 'idNumber' && (
              <p id={`${inputId}-hint`} className="field-hint">
                {t('forms.change.idHint')}
              </p>
            )}
            <input
              id={inputId}
              type="text"
              autoComplete="off"
              maxLength={field === 'idNumber' ? 18 : 64}
              value={values[field]}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={described}
              onChange={(event) => setValues({ ...values, [field]: event.target.value })}
            />
            {problem && (
              <p id={`${inputId}-problem`} className="field-problem" role="alert">
                {t(`forms.change.problem.${problem}`)}
              </p>
            )}
          </div>
        );
      })}
      {empty && (
        <p className="field-problem" role="alert">
          {t('forms.change.problem.empty')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary">
          {t('forms.change.next')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('forms.cancel')}
        </button>
      </div>
    </form>
  );
}
