// 修改PIN码 for a logged-in holder (art. 18: change it at once if it may have leaked).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { PinChangeForm } from '../components/pin-change-form';
import { editing, type PinChangePhase } from '../state/pin-change-phase';

export function ChangePinScreen({ token }: { token: TokenSummary }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<PinChangePhase>(editing);
  return (
    <section className="panel" aria-labelledby="change-pin-title" data-testid="change-pin-screen">
      <h1 id="change-pin-title" className="panel-title">
        {t('changePin.title')}
      </h1>
      <p>{t('changePin.intro')}</p>
      <PinChangeForm
        token={token}
        oldLabel={t('changePin.oldPin')}
        oldWrong={t('changePin.oldPinWrong')}
        submitLabel={t('changePin.submit')}
        phase={phase}
        onPhase={setPhase}
      />
    </section>
  );
}
