// 受信任的CA证书: the PEM files the holder (or IT) trusts as CA roots and intermediates. A plain
// list with add (a typed path) and remove; the list is saved with the other settings, and main
// reads each file then, refusing one that holds no CA certificate. Files given by
// YIKEY_TRUSTED_CA are shown but cannot be removed here: they belong to this run.
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustedCaView } from '../../src-main/contract/holder-api-schemas';
import { maxTrustedCaFiles, trustedCaFileSchema } from '../../src-main/contract/holder-settings';
import { ErrorMessage } from './error-message';

export interface TrustedCaFilesProps {
  files: string[];
  /** What main loaded from each file, by path; absent for a file added since the last save. */
  loaded: TrustedCaView[];
  onChange: (files: string[]) => void;
  /** The file main refused at the last save, marked in its row (the reason is shown below the form). */
  refusedPath: string | null;
}

function certificateNames(view: TrustedCaView): string {
  return view.certificates.map((certificate) => certificate.commonName ?? certificate.dn).join('、');
}

export function TrustedCaFiles({ files, loaded, onChange, refusedPath }: TrustedCaFilesProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fromSettings = (path: string) =>
    loaded.find((view) => view.source === 'setting' && view.path === path);
  const fromEnvironment = loaded.filter((view) => view.source === 'environment');

  const add = (): void => {
    const path = typed.trim();
    // The contract's own rule (absolute, no NUL), so main never answers a bare invalid-input.
    if (!trustedCaFileSchema.safeParse(path).success) return setProblem(t('settings.problem.trustedCaPath'));
    if (files.includes(path)) return setProblem(t('settings.problem.trustedCaDuplicate'));
    setProblem(null);
    setTyped('');
    onChange([...files, path]);
  };
  // Enter in the path field adds the file; it must not submit (and save) the whole form.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  return (
    <fieldset className="fieldset" data-testid="trusted-ca-files">
      <legend>{t('settings.trustedCa.title')}</legend>
      <p className="field-hint">{t('settings.trustedCa.hint')}</p>
      {files.length === 0 && fromEnvironment.length === 0 && <p>{t('settings.trustedCa.none')}</p>}
      <ul className="trusted-ca-list">
        {files.map((path) => {
          const view = fromSettings(path);
          return (
            <li className="trusted-ca-item" key={path} data-testid="trusted-ca-item">
              <div>
                <code>{path}</code>
                <div className="field-hint">
                  {view === undefined
                    ? t('settings.trustedCa.pending')
                    : view.error === null &&
                      t('settings.trustedCa.certificates', { names: certificateNames(view) })}
                </div>
                {view?.error && <ErrorMessage error={view.error} />}
                {path === refusedPath && <p className="field-problem">{t('settings.trustedCa.refused')}</p>}
              </div>
              <button
                type="button"
                className="button"
                aria-label={t('settings.trustedCa.removeLabel', { path })}
                onClick={() => onChange(files.filter((file) => file !== path))}
              >
                {t('settings.trustedCa.remove')}
              </button>
            </li>
          );
        })}
        {fromEnvironment.map((view) => (
          <li className="trusted-ca-item" key={`environment:${view.path}`} data-testid="trusted-ca-item">
            <div>
              <code>{view.path}</code>
              <div className="field-hint">
                {t('settings.trustedCa.environment')}
                {view.error === null &&
                  ` — ${t('settings.trustedCa.certificates', { names: certificateNames(view) })}`}
              </div>
              {view.error && <ErrorMessage error={view.error} />}
            </div>
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor={inputId}>{t('settings.trustedCa.path')}</label>
        <div className="trusted-ca-add">
          <input
            id={inputId}
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={typed}
            aria-invalid={problem !== null}
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="button" onClick={add} disabled={files.length >= maxTrustedCaFiles}>
            {t('settings.trustedCa.add')}
          </button>
        </div>
        {problem && <p className="field-problem">{problem}</p>}
      </div>
    </fieldset>
  );
}
