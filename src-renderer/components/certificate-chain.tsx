// 证书链: the certification path of one certificate, asked for when the details open (certs:chain
// costs signature checks, so the list does not carry it). Listed from the holder's certificate
// down to the root, each with its validity in words, and the chain's verdict as a badge.
// Each certificate is issued by the one listed below it: the link between them names that
// issuer (颁发者), so the direction cannot be misread.
import { Fragment, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateChainView, ChainElementView } from '../../src-main/contract/holder-api-schemas';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';
import { ChainStatusBadge } from './chain-status-badge';
import { ErrorMessage } from './error-message';
import { formatDate } from './format-date';
import { maskIdNumberInDn } from './id-number-mask';

export function CertificateChain({ sha256Fingerprint }: { sha256Fingerprint: string }) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const titleId = useId();
  const [chain, setChain] = useState<CertificateChainView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    client
      .call('certs:chain', { sha256Fingerprint })
      .then((result) => current && setChain(result))
      .catch((caught: unknown) => current && setError(caught));
    // A closed details view or another certificate must not receive a late answer.
    return () => {
      current = false;
    };
  }, [client, sha256Fingerprint]);

  return (
    <section className="chain" aria-labelledby={titleId} data-testid="certificate-chain">
      <div className="chain-head">
        <h4 id={titleId} className="chain-title">
          {t('chain.title')}
        </h4>
        {chain && <ChainStatusBadge status={chain.chainStatus} />}
      </div>
      <ErrorMessage error={error} />
      {!chain && !error && <p className="field-hint">{t('chain.loading')}</p>}
      {chain && (
        <>
          <p className="chain-verdict">{t(`chain.explained.${chain.chainStatus}`)}</p>
          {!chain.trustStoreConfigured && (
            <p className="message message-warning" data-testid="chain-not-configured">
              {t('chain.notConfigured')}
            </p>
          )}
          <p className="field-hint">{t('chain.intro')}</p>
          <ol className="chain-list">
            {chain.elements.map((element, index) => (
              <ChainElementItem
                key={element.sha256Fingerprint}
                element={element}
                isHolder={index === 0}
                issuerBelow={chain.elements[index + 1]}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function nameOf(element: ChainElementView): string {
  return element.subject.commonName ?? maskIdNumberInDn(element.subject.dn);
}

/** <wbr> after each colon: line breaks fall between bytes, and copying gives the plain text. */
function BreakableFingerprint({ fingerprint }: { fingerprint: string }) {
  const bytes = fingerprint.split(':');
  return bytes.map((byte, index) => (
    <Fragment key={index}>
      {byte}
      {index < bytes.length - 1 && (
        <>
          :<wbr />
        </>
      )}
    </Fragment>
  ));
}

function ChainElementItem(props: {
  element: ChainElementView;
  isHolder: boolean;
  issuerBelow: ChainElementView | undefined;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { element } = props;
  const role = props.isHolder ? 'holder' : element.isTrustAnchor ? 'anchor' : 'ca';
  return (
    <li className="chain-element" data-testid="chain-element">
      <div className="chain-element-head">
        <span className="chain-name">{nameOf(element)}</span>
        <span className={`badge badge-${element.status}`}>{t(`chain.status.${element.status}`)}</span>
        <span className={`chain-role${element.isTrustAnchor ? ' chain-role-anchor' : ''}`}>
          {t(`chain.role.${role}`)}
          {element.isTrustAnchor && props.isHolder && ` · ${t('chain.role.anchor')}`}
        </span>
      </div>
      <dl className="chain-facts">
        <dt>{t('chain.subject')}</dt>
        <dd>{maskIdNumberInDn(element.subject.dn)}</dd>
        <dt>{t('chain.issuer')}</dt>
        <dd>{maskIdNumberInDn(element.issuerDn)}</dd>
        <dt>{t('chain.validity')}</dt>
        <dd>
          {formatDate(element.notBefore, language)} {t('certs.until')}{' '}
          {formatDate(element.notAfter, language)}
        </dd>
        <dt>{t('chain.fingerprint')}</dt>
        <dd className="chain-fingerprint">
          <BreakableFingerprint fingerprint={element.sha256Fingerprint} />
        </dd>
      </dl>
      {props.issuerBelow && (
        <p className="chain-link" data-testid="chain-issued-by">
          <span aria-hidden="true">↓ </span>
          {t('chain.issuedBy', { name: nameOf(props.issuerBelow) })}
        </p>
      )}
    </li>
  );
}
