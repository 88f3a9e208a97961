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
  const nameAndPhone = [unitAdministrator?.name, unitAdministrator?.phone].filter(Boolean).join(' · ');
  return (
    <dl className="helpdesk-contact key-facts" data-testid="helpdesk-contact">
      {unitAdministrator && (
        <>
          <dt>{t('helpdesk.unitAdministrator')}</dt>
          <dd>
            {nameAndPhone}
            {/* Its own line: split at its hyphen, an address cannot be read out or typed. */}
            {unitAdministrator.email && <span className="contact-email">{unitAdministrator.email}</span>}
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
