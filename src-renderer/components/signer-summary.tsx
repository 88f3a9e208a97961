// Who will sign, before the button: the holder's name, unit and key, with the certificate's
// status badge, so an expiring or wrong certificate is noticed before the files go out.
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { ExpiryBadge } from './expiry-badge';

export function SignerSummary({
  certificate,
  tokenLabel,
}: {
  certificate: CertificateView;
  tokenLabel: string;
}) {
  const { t } = useTranslation();
  const unit = certificate.subject.organization;
  return (
    <div className="signer-summary" data-testid="signer-summary">
      <p className="signer-summary-lead">{t('sign.whoSigns')}</p>
      <p className="signer-summary-name">
        <span data-testid="signer-name">{certificate.subject.commonName ?? certificate.subject.dn}</span>{' '}
        <ExpiryBadge certificate={certificate} />
      </p>
      <dl className="key-facts">
        {unit && (
          <>
            <dt>{t('sign.unit')}</dt>
            <dd>{unit}</dd>
          </>
        )}
        <dt>{t('key.label')}</dt>
        <dd>{tokenLabel}</dd>
      </dl>
    </div>
  );
}
