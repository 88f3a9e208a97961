// 我的证书: the renewal banner, then a card per certificate on the inserted key(s).
import { useTranslation } from 'react-i18next';
import { CertificateCard } from '../components/certificate-card';
import { RenewalBanner } from '../components/renewal-banner';
import { useHolder } from '../state/holder-context';

export function CertificatesScreen() {
  const { t } = useTranslation();
  const { certificates } = useHolder();
  return (
    <section aria-labelledby="certs-title" data-testid="certificates-screen">
      <h1 id="certs-title" className="page-title">
        {t('certs.title')}
      </h1>
      {certificates && <RenewalBanner listing={certificates} />}
      {certificates?.certificates.length === 0 && <p>{t('certs.none')}</p>}
      <div className="card-grid">
        {certificates?.certificates.map((entry) => (
          <CertificateCard key={`${entry.slotId}:${entry.objectId}:${entry.objectLabel}`} entry={entry} />
        ))}
      </div>
    </section>
  );
}
