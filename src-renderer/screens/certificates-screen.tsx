// 我的证书: the renewal banner, then the certificates of each inserted key under the key's name
// (with several keys, whose certificate is whose must be plain), and any key that could not be read.
import { useTranslation } from 'react-i18next';
import type { CertificateList } from '../../src-main/contract/holder-api-schemas';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { CertificateCard } from '../components/certificate-card';
import { ErrorMessage } from '../components/error-message';
import { RenewalBanner } from '../components/renewal-banner';
import { ReissueRequestForm } from '../components/reissue-request-form';
import { useHolder } from '../state/holder-context';

interface KeyGroup {
  slotId: string;
  label: string;
  serial: string;
}

function keysIn(listing: CertificateList | null): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const entry of listing?.certificates ?? []) {
    groups.set(entry.slotId, { slotId: entry.slotId, label: entry.tokenLabel, serial: entry.tokenSerial });
  }
  return [...groups.values()];
}

/** onOpenRequests: the banner's 申请续期 leads to 我的申请 once a request is open. */
export function CertificatesScreen({ onOpenRequests }: { onOpenRequests?: () => void } = {}) {
  const { t } = useTranslation();
  const { certificates, tokens } = useHolder();
  const groups = keysIn(certificates);
  // 补办证书 is offered on a key the holder is logged in to that holds no certificate at all.
  const keysWithoutCertificate = (tokens ?? []).filter(
    (token) =>
      token.loggedIn &&
      certificates !== null &&
      !certificates.certificates.some((entry) => entry.slotId === token.slotId) &&
      !certificates.unreadableKeys.some((key) => key.slotId === token.slotId),
  );
  const severalKeys = groups.length + (certificates?.unreadableKeys.length ?? 0) > 1;
  return (
    <section aria-labelledby="certs-title" data-testid="certificates-screen">
      <h1 id="certs-title" className="page-title">
        {t('certs.title')}
      </h1>
      {certificates && (
        <RenewalBanner listing={certificates} {...(onOpenRequests ? { onOpenRequests } : {})} />
      )}
      {certificates?.certificates.length === 0 &&
        certificates.unreadableKeys.length === 0 &&
        keysWithoutCertificate.length === 0 && <p>{t('certs.none')}</p>}
      {keysWithoutCertificate.map((token) => (
        <section
          key={token.slotId}
          data-testid="key-without-certificate"
          aria-labelledby={`bare-${token.slotId}`}
        >
          <h2 id={`bare-${token.slotId}`} className={severalKeys ? 'key-section-title' : 'visually-hidden'}>
            {t('keys.name', { label: token.label, serial: token.serial })}
          </h2>
          <p>{t('reissue.noCertificate')}</p>
          <ReissueRequestForm token={token} {...(onOpenRequests ? { onOpenRequests } : {})} />
        </section>
      ))}
      {groups.map((group) => (
        <section
          key={group.slotId}
          aria-label={t('keys.name', { label: group.label, serial: group.serial })}
          data-testid="key-certificates"
        >
          {/* One key: the heading is for screen readers only (h1 → h2 → the cards' h3). */}
          <h2 className={severalKeys ? 'key-section-title' : 'visually-hidden'}>
            {t('keys.name', { label: group.label, serial: group.serial })}
          </h2>
          <div className="card-grid">
            {certificates?.certificates
              .filter((entry) => entry.slotId === group.slotId)
              .map((entry) => (
                <CertificateCard
                  key={`${entry.slotId}:${entry.objectId}:${entry.objectLabel}`}
                  entry={entry}
                  {...(onOpenRequests ? { onOpenRequests } : {})}
                />
              ))}
          </div>
        </section>
      ))}
      {certificates?.unreadableKeys.map((key) => (
        <section key={key.slotId} data-testid="unreadable-key">
          <h2 className="key-section-title">
            {t('keys.name', { label: key.tokenLabel, serial: key.tokenSerial })}
          </h2>
          <p>{t('keys.unreadable')}</p>
          <ErrorMessage error={YiKeyError.fromSerialized(key.error)} />
        </section>
      ))}
    </section>
  );
}
