// 激活: a new or just-unlocked key must get the holder's own PIN before anything else
// (provincial rules art. 9 (四)). Nothing else is offered until that is done.
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { KeyIdentity } from '../components/key-identity';
import { PinChangeForm } from '../components/pin-change-form';
import { useHolder } from '../state/holder-context';

export function ActivationScreen({ token, onActivated }: { token: TokenSummary; onActivated: () => void }) {
  const { t } = useTranslation();
  const { refresh } = useHolder();
  return (
    <section className="panel" aria-labelledby="activation-title" data-testid="activation-screen">
      <h1 id="activation-title" className="panel-title">
        {t('activation.title')}
      </h1>
      <KeyIdentity token={token} />
      <p>{t('activation.intro')}</p>
      <PinChangeForm
        token={token}
        oldLabel={t('activation.oldPin')}
        oldHint={t('activation.oldPinHint')}
        submitLabel={t('activation.submit')}
        onChanged={() => {
          onActivated();
          void refresh();
        }}
      />
    </section>
  );
}
