// Which USBKEY driver is in use and what decided it, said honestly: a setting, the
// YIKEY_PKCS11_MODULE environment variable, or auto-detection — which takes the first known
// vendor driver present on this PC in the built-in table's order. It does not look at the key
// that is plugged in, so a PC with two vendors' drivers may need the choice made by hand.
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../src-main/contract/holder-api-schemas';

export function ModuleInUse({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { module, installedModules } = settings;
  if (!module) {
    return (
      <p className="message message-warning" data-testid="module-in-use">
        {t('settings.moduleWhy.none')}
      </p>
    );
  }
  const others = installedModules.filter((installed) => installed.path !== module.path).length;
  return (
    <div className="module-in-use" data-testid="module-in-use">
      <p>
        {t('settings.moduleInUse')} <strong>{module.vendor ?? t('settings.moduleUnknownVendor')}</strong>{' '}
        <code>{module.path}</code>
      </p>
      <p className="field-hint" data-testid="module-why">
        {module.source === 'detected'
          ? t('settings.moduleWhy.detected', { count: installedModules.length }) +
            (others > 0 ? ` ${t('settings.moduleWhy.detectedOthers', { count: others })}` : '')
          : t(`settings.moduleWhy.${module.source}`)}
      </p>
    </div>
  );
}
