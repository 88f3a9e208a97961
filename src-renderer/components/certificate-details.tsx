// Every field of a certificate, for the holder or the support desk on the phone, then its chain.
import { useTranslation } from 'react-i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';
import { useLanguage } from '../state/use-language';
import { CertificateChain } from './certificate-chain';
import { formatDate } from './format-date';

type ReadableEntry = CertificateEntryView & { readable: true };

export function CertificateDetails({ entry, id }: { entry: ReadableEntry; id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { certificate } = entry;
  const none = t('certs.notPresent');
  const rows: [string, string][] = [
    [t('certs.field.subject'), certificate.subject.dn],
    [t('certs.field.commonName'), certificate.subject.commonName ?? none],
    [t('certs.field.organization'), certificate.subject.organization ?? none],
    [t('certs.field.organizationalUnit'), certificate.subject.organizationalUnit ?? none],
    [t('certs.field.subjectSerial'), certificate.subject.serialNumber ?? none],
    [t('certs.field.email'), certificate.subject.email ?? none],
    [t('certs.field.issuer'), certificate.issuer.dn],
    [t('certs.field.serialNumber'), certificate.serialNumber],
    [t('certs.field.notBefore'), formatDate(certificate.notBefore, language, true)],
    [t('certs.field.notAfter'), formatDate(certificate.notAfter, language, true)],
    [t('certs.field.daysLeft'), t('certs.days', { count: certificate.daysLeft })],
    [t('certs.field.keyAlgorithm'), certificate.keyAlgorithm],
    [t('certs.field.keySize'), certificate.keySize === null ? none : String(certificate.keySize)],
    [t('certs.field.namedCurve'), certificate.namedCurve ?? none],
    [t('certs.field.signatureAlgorithm'), certificate.signatureAlgorithm],
    [t('certs.field.keyUsage'), certificate.keyUsage?.join(', ') ?? none],
    [t('certs.field.extendedKeyUsage'), certificate.extendedKeyUsage?.join(', ') ?? none],
    [t('certs.field.fingerprint'), certificate.sha256Fingerprint],
    [t('certs.field.isCa'), certificate.isCa ? t('certs.yes') : t('certs.no')],
    [t('certs.field.keyPairing'), t(`certs.pairing.${entry.keyPairing}`)],
    [t('certs.field.token'), `${entry.tokenLabel} (${entry.tokenSerial})`],
    [t('certs.field.objectLabel'), entry.objectLabel || none],
    [t('certs.field.objectId'), entry.objectId || none],
  ];
  return (
    <div className="details" id={id}>
      <dl className="details-fields">
        {rows.map(([label, value]) => (
          <div className="details-row" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <CertificateChain sha256Fingerprint={certificate.sha256Fingerprint} />
    </div>
  );
}
