// 激活: a new or just-unlocked key must get the holder's own PIN before anything else
// (provincial rules art. 9 (四)). Nothing else is offered until that is done. Once the new PIN
// is set the app logs in with it: the holder is not asked for the PIN they just chose. The
// phase lives in the app, because the key stops being "to be changed" while that login runs.
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { KeyIdentity } from '../components/key-identity';
import { PinChangeForm } from '../components/pin-change-form';
import type { PinChangePhase } from '../state/pin-change-phase';

export function ActivationScreen(props: {
  token: TokenSummary;
  phase: PinChangePhase;
  onPhase: (phase: PinChangePhase) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="activation-title" data-testid="activation-screen">
      <h1 id="activation-title" className="panel-title">
        {t('activation.title')}
      </h1>
      <KeyIdentity token={props.token} />
      <p>{t('activation.intro')}</p>
      <PinChangeForm
        token={props.token}
        oldLabel={t('activation.oldPin')}
        oldHint={t('activation.oldPinHint')}
        oldWrong={t('activation.oldPinWrong')}
        submitLabel={t('activation.submit')}
        phase={props.phase}
        onPhase={props.onPhase}
        logInAfterChange
      />
    </section>
  );
}
