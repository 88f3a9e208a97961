// 请插入USBKEY: nothing is inserted (or the driver is missing). Names the module in use so a
// holder on the phone with IT can say which driver is loaded.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import type { Page } from '../components/navigation-bar';
import { useHolder } from '../state/holder-context';

export function NoKeyScreen({ onOpen }: { onOpen: (page: Page) => void }) {
  const { t } = useTranslation();
  const { settings, tokensError } = useHolder();
  const module = settings?.module;
  return (
    <section className="panel panel-center" aria-labelledby="no-key-title" data-testid="no-key-screen">
      <div className="key-illustration" aria-hidden="true">
        <span className="key-body" />
        <span className="key-plug" />
      </div>
      <h1 id="no-key-title" className="panel-title">
        {t('noKey.title')}
      </h1>
      <p>{t('noKey.body')}</p>
      {tokensError && tokensError.code !== 'token-not-present' && <ErrorMessage error={tokensError} />}
      <p className="module-line">
        {module ? (
          <>
            {t('noKey.module')} <code>{module.path}</code>
          </>
        ) : (
          t('noKey.noModule')
        )}
      </p>
      <div className="link-row">
        <button type="button" className="link-button" onClick={() => onOpen('settings')}>
          {t('noKey.settingsLink')}
        </button>
        <button type="button" className="link-button" onClick={() => onOpen('verify')}>
          {t('noKey.verifyLink')}
        </button>
      </div>
      <div className="no-key-help">
        <h2 className="section-title">{t('noKey.helpTitle')}</h2>
        <p>{t('noKey.helpBody')}</p>
        <button type="button" className="link-button" onClick={() => onOpen('diagnostics')}>
          {t('noKey.diagnosticsLink')}
        </button>
      </div>
    </section>
  );
}
