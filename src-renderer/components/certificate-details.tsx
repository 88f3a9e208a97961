// Every field a certificate carries, for the holder or the support desk on the phone, then its
// chain. The ID number is masked (id-number-mask.ts); usages are in the holder's language.
import { useTranslation } from 'react-i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';
import { useLanguage } from '../state/use-language';
import { CertificateChain } from './certificate-chain';
import { CertificateDetailsRequests } from './certificate-details-requests';
import { formatDate } from './format-date';
import { maskIdNumber, maskIdNumberInDn } from './id-number-mask';

type ReadableEntry = CertificateEntryView & { readable: true };

/** A field the certificate does not carry is left out, not shown as 无: fewer rows to read. */
type Row = [label: string, value: string | null | undefined];

/** onOpenRequests, given while logged in, adds 变更或注销证书 (certificate-details-requests.tsx). */
export function CertificateDetails({
  entry,
  id,
  onOpenRequests,
}: {
  entry: ReadableEntry;
  id: string;
  onOpenRequests?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { certificate } = entry;
  // Names the translations do not know (an OID, a new usage) are shown as they come.
  const usageWords = (
    group: 'keyUsageName' | 'extendedKeyUsageName',
    names: string[] | null,
  ): string | null =>
    names && names.length > 0
      ? names
          .map((name) => t(`certs.${group}.${name}`, { defaultValue: name }))
          .join(language === 'en' ? ', ' : '、')
      : null;
  const serial = certificate.subject.serialNumber;
  const rows: Row[] = [
    [t('certs.field.commonName'), certificate.subject.commonName],
    [t('certs.field.organization'), certificate.subject.organization],
    [t('certs.field.organizationalUnit'), certificate.subject.organizationalUnit],
    [t('certs.field.subjectSerial'), serial === null ? null : maskIdNumber(serial)],
    [t('certs.field.email'), certificate.subject.email],
    [t('certs.field.subject'), maskIdNumberInDn(certificate.subject.dn)],
    [t('certs.field.issuer'), maskIdNumberInDn(certificate.issuer.dn)],
    [t('certs.field.serialNumber'), certificate.serialNumber],
    [t('certs.field.notBefore'), formatDate(certificate.notBefore, language, true)],
    [t('certs.field.notAfter'), formatDate(certificate.notAfter, language, true)],
    [t('certs.field.daysLeft'), t('certs.days', { count: certificate.daysLeft })],
    [t('certs.field.keyAlgorithm'), certificate.keyAlgorithm],
    [t('certs.field.keySize'), certificate.keySize === null ? null : String(certificate.keySize)],
    [t('certs.field.namedCurve'), certificate.namedCurve],
    [t('certs.field.signatureAlgorithm'), certificate.signatureAlgorithm],
    [t('certs.field.keyUsage'), usageWords('keyUsageName', certificate.keyUsage)],
    [t('certs.field.extendedKeyUsage'), usageWords('extendedKeyUsageName', certificate.extendedKeyUsage)],
    [t('certs.field.fingerprint'), certificate.sha256Fingerprint],
    [t('certs.field.isCa'), certificate.isCa ? t('certs.yes') : t('certs.no')],
    [t('certs.field.keyPairing'), t(`certs.pairing.${entry.keyPairing}`)],
    [t('certs.field.token'), `${entry.tokenLabel} (${entry.tokenSerial})`],
    [t('certs.field.objectLabel'), entry.objectLabel],
    [t('certs.field.objectId'), entry.objectId],
  ];
  const shown = rows.filter((row): row is [string, string] => typeof row[1] === 'string' && row[1] !== '');
  return (
    <div className="details" id={id}>
      <dl className="details-fields" data-testid="certificate-fields">
        {shown.map(([label, value]) => (
          <div className="details-row" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <CertificateChain sha256Fingerprint={certificate.sha256Fingerprint} />
      {onOpenRequests && <CertificateDetailsRequests entry={entry} onOpenRequests={onOpenRequests} />}
    </div>
  );
}
