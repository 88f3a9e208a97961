// Before the PIN: the certificates on this key are public, so the holder sees whose they are,
// their status and when they end — an expired certificate must not look valid on the login
// screen — and the renewal banner, as DigiDoc4 shows validity on its main card.
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';
import { ExpiryBadge } from './expiry-badge';
import { formatDate } from './format-date';
import { RenewalBanner } from './renewal-banner';

export function KeyCertificatesSummary({ token }: { token: TokenSummary }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { certificates } = useHolder();
  if (!certificates) return null;
  const onThisKey = certificates.certificates.filter((entry) => entry.slotId === token.slotId);
  const shown = onThisKey.flatMap((entry) =>
    entry.readable && !entry.certificate.isCa ? [entry.certificate] : [],
  );
  if (shown.length === 0) return null;
  return (
    <div className="key-certificates-summary" data-testid="login-certificates">
      <RenewalBanner listing={{ ...certificates, certificates: onThisKey }} showContact={!token.pin.locked} />
      <ul className="certificate-summary-list">
        {shown.map((certificate) => (
          <li key={certificate.sha256Fingerprint} className="certificate-summary">
            <span className="certificate-summary-name">
              {certificate.subject.commonName ?? t('key.unknownHolder')}
              {certificate.subject.organization && ` · ${certificate.subject.organization}`}
            </span>
            <ExpiryBadge certificate={certificate} />
            <span className="certificate-summary-until">
              {t('login.certificateUntil', { date: formatDate(certificate.notAfter, language) })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
