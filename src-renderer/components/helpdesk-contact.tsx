// Whom to call: the unit's certificate administrator and the CA's hotline from hospital IT's
// policy file (settings:get → adminPolicy); without one, the plain advice to ask the unit's
// certificate administrator. Shown where the holder is stuck: a locked PIN, a certificate to renew.
import { useTranslation } from 'react-i18next';
import { useHolder } from '../state/holder-context';

export function HelpdeskContact() {
  const { t } = useTranslation();
  const { settings } = useHolder();
  const helpdesk = settings?.adminPolicy.helpdesk ?? {};
  const { unitAdministrator, caHotline } = helpdesk;
  if (!unitAdministrator && !caHotline) {
    return (
      <p className="helpdesk-contact" data-testid="helpdesk-contact">
        {t('helpdesk.default')}
      </p>
    );
  }
  const reach = [unitAdministrator?.phone, unitAdministrator?.email].filter(Boolean).join(' · ');
  return (
    <dl className="helpdesk-contact key-facts" data-testid="helpdesk-contact">
      {unitAdministrator && (
        <>
          <dt>{t('helpdesk.unitAdministrator')}</dt>
          <dd>
            {unitAdministrator.name}
            {reach && ` · ${reach}`}
          </dd>
        </>
      )}
      {caHotline && (
        <>
          <dt>{t('helpdesk.caHotline')}</dt>
          <dd>
            {caHotline.name} · {caHotline.phone}
          </dd>
        </>
      )}
    </dl>
  );
}
