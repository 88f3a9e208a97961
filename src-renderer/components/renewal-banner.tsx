// The renewal reminder (provincial rules art. 17: renew when fewer than 30 days remain),
// shown when any certificate on the key is inside the window or already expired. It names the
// date of the soonest end and whom to ask for 续期 (HelpdeskContact: the policy file's contacts),
// so the holder knows both when and what to do.
import { useTranslation } from 'react-i18next';
import type { CertificateList, CertificateView } from '../../src-main/contract/holder-api-schemas';
import { useLanguage } from '../state/use-language';
import { formatDate } from './format-date';
import { HelpdeskContact } from './helpdesk-contact';
import { RenewalRequestAction } from './renewal-request-action';

const soonestEnd = (certificates: CertificateView[]): CertificateView =>
  certificates.reduce((soonest, next) =>
    Date.parse(next.notAfter) < Date.parse(soonest.notAfter) ? next : soonest,
  );

/**
 * showContact false where the contact is shown nearby already (the locked-PIN screen).
 * onOpenRequests, given where the holder is logged in, adds 申请续期 (renewal-request-action.tsx).
 */
export function RenewalBanner({
  listing,
  showContact = true,
  onOpenRequests,
}: {
  listing: CertificateList;
  showContact?: boolean;
  onOpenRequests?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readable = listing.certificates.flatMap((entry) => (entry.readable ? [entry.certificate] : []));
  const endEntity = readable.filter((certificate) => !certificate.isCa);
  const expired = endEntity.filter((certificate) => certificate.status === 'expired');
  if (expired.length > 0) {
    return (
      <div className="banner banner-danger" role="alert" data-testid="renewal-banner">
        <p>{t('certs.bannerExpired', { date: formatDate(soonestEnd(expired).notAfter, language) })}</p>
        {onOpenRequests && (
          <RenewalRequestAction certificate={soonestEnd(expired)} onOpenRequests={onOpenRequests} />
        )}
        {showContact && <HelpdeskContact />}
      </div>
    );
  }
  const expiring = endEntity.filter((certificate) => certificate.status === 'expiring');
  if (expiring.length === 0) return null;
  const soonest = soonestEnd(expiring);
  return (
    <div className="banner banner-warning" role="status" data-testid="renewal-banner">
      <p>
        {t('certs.banner', {
          date: formatDate(soonest.notAfter, language),
          days: soonest.daysLeft,
          window: listing.renewalWindowDays,
        })}
      </p>
      {onOpenRequests && <RenewalRequestAction certificate={soonest} onOpenRequests={onOpenRequests} />}
      {showContact && <HelpdeskContact />}
    </div>
  );
}
