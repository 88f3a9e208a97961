// Live feedback on a new PIN from the same checkNewPin the main process enforces, so the
// holder learns the rules while typing instead of after a refused change.
import { useTranslation } from 'react-i18next';
import type { PinPolicyViolation } from '../../src-main/contract/pin-policy';
import { pinRuleText } from '../i18n/contract-text';
import { useLanguage } from '../state/use-language';

export function PinPolicyList(props: {
  id: string;
  violations: PinPolicyViolation[];
  minLength: number;
  maxLength: number;
  touched: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <div className="policy" id={props.id} aria-live="polite">
      <p className="policy-title">
        {t('changePin.rules')}
        {t('changePin.ruleLength', { min: props.minLength, max: props.maxLength })}
      </p>
      {props.touched && (
        <ul className="policy-list" data-testid="pin-policy">
          {props.violations.length === 0 ? (
            <li className="policy-ok">✓ {t('changePin.ok')}</li>
          ) : (
            props.violations.map((violation) => (
              <li key={violation} className="policy-violation">
                ✗ {pinRuleText(violation, language)}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
