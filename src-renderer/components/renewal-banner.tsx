// The renewal reminder (provincial rules art. 17: renew when fewer than 30 days remain),
// shown when any certificate on the key is inside the window or already expired.
import { useTranslation } from 'react-i18next';
import type { CertificateList } from '../../src-main/contract/holder-api-schemas';

export function RenewalBanner({ listing }: { listing: CertificateList }) {
  const { t } = useTranslation();
  const readable = listing.certificates.flatMap((entry) => (entry.readable ? [entry.certificate] : []));
  const endEntity = readable.filter((certificate) => !certificate.isCa);
  if (endEntity.some((certificate) => certificate.status === 'expired')) {
    return (
      <div className="banner banner-danger" role="alert">
        {t('certs.bannerExpired')}
      </div>
    );
  }
  const expiring = endEntity.filter((certificate) => certificate.status === 'expiring');
  if (expiring.length === 0) return null;
  const soonest = Math.min(...expiring.map((certificate) => certificate.daysLeft));
  return (
    <div className="banner banner-warning" role="status" data-testid="renewal-banner">
      {t('certs.banner', { days: soonest, window: listing.renewalWindowDays })}
    </div>
  );
}
