// The verdict's heading carries the verdict and its main reason in one sentence, so a holder
// who reads only the heading (or hears only it) knows what happened and why.
import { useTranslation } from 'react-i18next';
import type { VerificationView } from '../../src-main/contract/holder-api-schemas';

/** The first failed point explains an invalid verdict; the order is the order of the points. */
function invalidReason(result: VerificationView): string {
  if (result.integrity !== 'ok') return result.integrity;
  if (!result.certificateValidAtSigningTime) return 'cert-not-valid';
  return 'other';
}

export function VerdictTitle({ result }: { result: VerificationView }) {
  const { t } = useTranslation();
  switch (result.outcome) {
    case 'valid':
      return (
        <h2 className="verdict-title" data-testid="verdict-title">
          <span aria-hidden="true">✓ </span>
          {t('verify.valid')}
        </h2>
      );
    case 'not-verified': {
      const why = result.chain === 'not-checked' ? 'not-checked' : 'untrusted';
      return (
        <>
          <h2 className="verdict-title" data-testid="verdict-title">
            <span aria-hidden="true">! </span>
            {t('verify.titleWithReason', {
              verdict: t('verify.notVerified'),
              reason: t(`verify.notVerifiedReason.${why}`),
            })}
          </h2>
          <p data-testid="verdict-why">{t(`verify.notVerifiedWhy.${why}`)}</p>
        </>
      );
    }
    case 'invalid':
      return (
        <h2 className="verdict-title" data-testid="verdict-title">
          <span aria-hidden="true">✗ </span>
          {t('verify.titleWithReason', {
            verdict: t('verify.invalid'),
            reason: t(`verify.invalidReason.${invalidReason(result)}`),
          })}
        </h2>
      );
  }
}
