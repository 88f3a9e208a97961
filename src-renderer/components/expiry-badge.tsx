// 有效 / 即将过期·N天 / 已过期 / 尚未生效, coloured by urgency (text carries the meaning too).
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';

export function ExpiryBadge({ certificate }: { certificate: CertificateView }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${certificate.status}`} data-testid="expiry-badge">
      {t(`certs.badge.${certificate.status}`, { days: certificate.daysLeft })}
    </span>
  );
}
