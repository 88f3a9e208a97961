// One record in a signing consent: the EMR's clinical summary, what YiKey can show of the
// content (the start of the text, or 仅摘要 when the page sent only a digest) and the SHA-256
// of exactly what will be signed. The excerpt is plain text in a <pre>: React escapes it, so a
// record cannot inject markup into YiKey's window.
import { useTranslation } from 'react-i18next';
import type { ConsentItem } from '../../src-main/contract/bridge-consent';

export function ConsentRecord({ item, heading }: { item: ConsentItem; heading?: string }) {
  const { t } = useTranslation();
  const { summary } = item;
  return (
    <article className="consent-record" data-testid="consent-record">
      {heading && <h3 className="consent-record-heading">{heading}</h3>}
      <dl className="consent-facts">
        <dt>{t('bridge.sign.patient')}</dt>
        <dd data-testid="consent-patient">{summary.patient}</dd>
        <dt>{t('bridge.sign.recordType')}</dt>
        <dd>{summary.recordType}</dd>
        <dt>{t('bridge.sign.title_')}</dt>
        <dd>{summary.title}</dd>
        <dt>{t('bridge.sign.documentId')}</dt>
        <dd data-testid="consent-document-id">{summary.documentId}</dd>
      </dl>
      {item.digestOnly ? (
        <p className="message message-warning consent-digest-only" data-testid="consent-digest-only">
          {t('bridge.sign.digestOnly')}
        </p>
      ) : item.excerpt === null ? (
        <p data-testid="consent-binary">{t('bridge.sign.contentBinary', { bytes: item.byteLength ?? 0 })}</p>
      ) : (
        <div className="consent-content">
          <p className="consent-label">
            {t('bridge.sign.content')}
            {item.excerptTruncated && ` ${t('bridge.sign.contentMore')}`}
          </p>
          <pre className="consent-excerpt" data-testid="consent-excerpt">
            {item.excerpt}
          </pre>
        </div>
      )}
      <p className="consent-digest">
        <span className="consent-label">
          {t(item.digestAlgorithm === 'sm3' ? 'bridge.sign.digestSm3' : 'bridge.sign.digest')}
        </span>{' '}
        <code data-testid="consent-digest">{item.digest}</code>
      </p>
    </article>
  );
}
