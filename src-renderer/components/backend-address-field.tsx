// 证书服务地址 in the advanced settings: the provincial CA service YiKey sends renewal requests
// to. Shows the address in force and where it comes from (an environment variable for this
// run, IT's policy file, or this setting — in that order), and checks a typed address with the
// contract's own rule (https, or http to this computer only) before anything is saved.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../src-main/contract/holder-api-schemas';

export function BackendAddressField({
  settings,
  value,
  onChange,
  problem,
}: {
  settings: Settings;
  value: string;
  onChange: (value: string) => void;
  /** The rule the typed address breaks, in words; null when acceptable. */
  problem: string | null;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const problemId = useId();
  const inUse = settings.backendInUse;
  return (
    <div className="field" data-testid="backend-address">
      <h2 className="section-title">{t('requests.settings.title')}</h2>
      <p data-testid="backend-in-use">
        {inUse
          ? `${t('requests.settings.inUse', { url: inUse.url })}（${t(`requests.settings.source.${inUse.source}`)}）`
          : t('requests.settings.none')}
      </p>
      {inUse && inUse.source !== 'setting' && value.trim() !== '' && (
        <p className="field-hint">{t('requests.settings.overridden')}</p>
      )}
      <label htmlFor={inputId}>{t('requests.settings.label')}</label>
      <input
        id={inputId}
        type="text"
        inputMode="url"
        spellCheck={false}
        value={value}
        placeholder="https://"
        aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={hintId} className="field-hint">
        {t('requests.settings.hint')}
      </p>
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
