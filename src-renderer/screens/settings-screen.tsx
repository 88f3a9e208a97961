// 设置: language, the PKCS#11 module in use (and why, if none), the known drivers found on
// this PC, and the renewal rule in force.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { useHolder } from '../state/holder-context';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings } = useHolder();
  if (!settings) return null;
  return (
    <section className="panel" aria-labelledby="settings-title" data-testid="settings-screen">
      <h1 id="settings-title" className="panel-title">
        {t('settings.title')}
      </h1>
      <h2 className="section-title">{t('settings.module')}</h2>
      {settings.module ? (
        <p>
          <code>{settings.module.path}</code>
          {settings.module.vendor && ` — ${settings.module.vendor}`} (
          {t(`settings.moduleSource.${settings.module.source}`)})
        </p>
      ) : (
        <p>{t('settings.moduleNone')}</p>
      )}
      {settings.moduleError && <ErrorMessage error={settings.moduleError} />}
      <h2 className="section-title">{t('settings.installed')}</h2>
      {settings.installedModules.length === 0 ? (
        <p>{t('settings.installedNone')}</p>
      ) : (
        <ul>
          {settings.installedModules.map((module) => (
            <li key={module.path}>
              {module.vendor}: <code>{module.path}</code>
            </li>
          ))}
        </ul>
      )}
      <h2 className="section-title">{t('settings.renewal')}</h2>
      <p>{t('settings.renewalBody', { days: settings.renewalWindowDays })}</p>
    </section>
  );
}
