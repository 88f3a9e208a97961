// One certificate as a card: holder, organisation, issuer, validity with its badge, and the
// actions (details, export PEM/DER). Export goes through the API so the DER comes from the key.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';
import { useLanguage } from '../state/use-language';
import { CertificateDetails } from './certificate-details';
import { CertificateExportButtons } from './certificate-export-buttons';
import { CopyCertificateInfo } from './copy-certificate-info';
import { ErrorMessage } from './error-message';
import { ExpiryBadge } from './expiry-badge';
import { formatDate } from './format-date';
import { maskIdNumberInDn } from './id-number-mask';

function isEncryptionOnly(keyUsage: string[] | null): boolean {
  return keyUsage !== null && !keyUsage.includes('digitalSignature') && !keyUsage.includes('nonRepudiation');
}

/** onOpenRequests, given while logged in: the details offer 变更 and 注销 for this certificate. */
export function CertificateCard({
  entry,
  onOpenRequests,
}: {
  entry: CertificateEntryView;
  onOpenRequests?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const detailsId = useId();

  if (!entry.readable) {
    return (
      <article className="card card-unreadable">
        <p>{t('certs.unreadable', { reason: entry.reason })}</p>
      </article>
    );
  }
  const { certificate } = entry;
  return (
    <article
      className={open ? 'card certificate-card card-open' : 'card certificate-card'}
      aria-label={certificate.subject.commonName ?? certificate.serialNumber}
    >
      <div className="card-head">
        <h3 className="card-title">
          {certificate.subject.commonName ?? maskIdNumberInDn(certificate.subject.dn)}
        </h3>
        <ExpiryBadge certificate={certificate} />
      </div>
      <dl className="card-facts">
        <dt>{t('certs.organization')}</dt>
        <dd>{certificate.subject.organization ?? t('certs.notPresent')}</dd>
        <dt>{t('certs.issuer')}</dt>
        <dd>{certificate.issuer.commonName ?? maskIdNumberInDn(certificate.issuer.dn)}</dd>
        {/* The encryption half of a dual pair looks like its signing twin: say which it is. */}
        {isEncryptionOnly(certificate.keyUsage) && (
          <>
            <dt>{t('certs.purpose')}</dt>
            <dd data-testid="certificate-purpose">{t('certs.encryptionOnly')}</dd>
          </>
        )}
        <dt>{t('certs.validity')}</dt>
        <dd data-testid="certificate-validity">
          {formatDate(certificate.notBefore, language)} {t('certs.until')}{' '}
          {formatDate(certificate.notAfter, language)}
        </dd>
      </dl>
      <div className="card-actions">
        <button
          type="button"
          className="button"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen(!open)}
        >
          {open ? t('certs.hideDetails') : t('certs.details')}
        </button>
        <CertificateExportButtons certificate={certificate} onError={setError}>
          <CopyCertificateInfo
            keyInfo={{ label: entry.tokenLabel, serial: entry.tokenSerial }}
            entries={[entry]}
          />
        </CertificateExportButtons>
      </div>
      <ErrorMessage error={error} />
      {open && (
        <CertificateDetails entry={entry} id={detailsId} {...(onOpenRequests ? { onOpenRequests } : {})} />
      )}
    </article>
  );
}
