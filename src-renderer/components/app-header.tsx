// Brand, the inserted key, the language switch and the 退出登录 (log out) button: it logs out of every
// key (provincial rules art. 18: log out and unplug when leaving the PC).
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract/error-messages';
import { switchLanguage } from '../i18n/i18n';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';

export function AppHeader(props: { anyKeyLoggedIn: boolean; severalKeys: boolean }) {
  const { anyKeyLoggedIn, severalKeys } = props;
  const { t } = useTranslation();
  const { client, setSettings } = useHolder();
  const language = useLanguage();

  const changeLanguage = async (next: Language): Promise<void> => {
    switchLanguage(next);
    setSettings(await client.call('settings:set', { language: next }));
  };

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <div className="header-actions">
        <label className="language-switch">
          <span>{t('header.language')}</span>
          <select value={language} onChange={(event) => void changeLanguage(event.target.value as Language)}>
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
        {anyKeyLoggedIn && (
          <button
            type="button"
            className="button button-lock"
            title={t('header.lockHint')}
            onClick={() => void client.call('session:lock', {})}
          >
            {/* With several keys each row has its own 退出登录: this one says it ends them all. */}
            {t(severalKeys ? 'header.lockAll' : 'header.lock')}
          </button>
        )}
      </div>
    </header>
  );
}
