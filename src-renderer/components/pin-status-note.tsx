// What the token's flags say before the holder types: tries left, count low, final try.
// Plain words, because a wrong guess at the final try locks the key until the CA unlocks it.
import { useTranslation } from 'react-i18next';
import type { PinStatus } from '../../src-main/contract/token-types';

export function PinStatusNote({ pin }: { pin: PinStatus }) {
  const { t } = useTranslation();
  if (pin.finalTry || pin.triesLeft === 1) {
    return (
      <p className="message message-danger" role="status" data-testid="pin-status">
        {t('login.finalTry')}
      </p>
    );
  }
  if (pin.countLow) {
    return (
      <p className="message message-warning" role="status" data-testid="pin-status">
        {t('login.countLow')}
        {pin.triesLeft !== null && ` ${t('login.triesLeft', { count: pin.triesLeft })}`}
      </p>
    );
  }
  return null;
}
