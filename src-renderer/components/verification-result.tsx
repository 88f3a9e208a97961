// One verification's result: the verdict with its reason as the heading, who signed and when,
// the chain badge, and each check with 通过 / 未通过 in words.
import { useTranslation } from 'react-i18next';
import type { VerificationView } from '../../src-main/contract/holder-api-schemas';
import { useLanguage } from '../state/use-language';
import { ChainStatusBadge } from './chain-status-badge';
import { formatDate } from './format-date';
import { maskIdNumberInDn } from './id-number-mask';
import { VerdictPoints } from './verdict-points';
import { VerdictTitle } from './verdict-title';

export function VerificationResult({ result }: { result: VerificationView }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { signer } = result;
  return (
    <div className={`verdict verdict-${result.outcome}`} role="status" data-testid="verdict">
      <VerdictTitle result={result} />
      <dl className="card-facts">
        <dt>{t('verify.signer')}</dt>
        <dd data-testid="verify-signer">
          {signer.subject.commonName ?? maskIdNumberInDn(signer.subject.dn)}
        </dd>
        <dt>{t('verify.organization')}</dt>
        <dd>{signer.subject.organization ?? t('certs.notPresent')}</dd>
        <dt>{t('verify.issuer')}</dt>
        <dd>{signer.issuer.commonName ?? maskIdNumberInDn(signer.issuer.dn)}</dd>
        <dt>{t('verify.time')}</dt>
        <dd>
          {result.signingTime ? formatDate(result.signingTime, language, true) : t('verify.noTime')}
          {/* Until signatures carry a trusted timestamp, the time is only the signer's word. */}
          <span className="field-hint verdict-time-claim" data-testid="signing-time-claim">
            {t('verify.timeClaim')}
          </span>
        </dd>
      </dl>
      <p className="verdict-chain">
        <ChainStatusBadge status={result.chain} muted={result.outcome !== 'valid'} />
      </p>
      <VerdictPoints result={result} />
      {/* The verifier's codes are for the helpdesk: the words above already say what failed. */}
      {result.problems.length > 0 && (
        <details className="problems" data-testid="verify-problems">
          <summary>{t('errors.details')}</summary>
          {t('verify.problems')}: <code>{result.problems.join(', ')}</code>
        </details>
      )}
    </div>
  );
}
