// 修改PIN码 for a logged-in holder (art. 18: change it at once if it may have leaked).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { PinChangeForm } from '../components/pin-change-form';

export function ChangePinScreen({ token }: { token: TokenSummary }) {
  const { t } = useTranslation();
  const [changedCount, setChangedCount] = useState(0);
  return (
    <section className="panel" aria-labelledby="change-pin-title" data-testid="change-pin-screen">
      <h1 id="change-pin-title" className="panel-title">
        {t('changePin.title')}
      </h1>
      <p>{t('changePin.intro')}</p>
      {changedCount > 0 && (
        <p className="message message-success" role="status" data-testid="pin-changed">
          {t('changePin.done')}
        </p>
      )}
      <PinChangeForm
        key={changedCount}
        token={token}
        oldLabel={t('changePin.oldPin')}
        submitLabel={t('changePin.submit')}
        onChanged={() => setChangedCount((count) => count + 1)}
      />
    </section>
  );
}
