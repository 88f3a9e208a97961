// What a PIN change is doing or has done, in one place below the fields: the step running now
// (announced as a status) and the success so far. A success is shown only for the attempt it
// belongs to; a failure of a later step (the login after an activation) keeps it visible.
import { useTranslation } from 'react-i18next';
import { newPinIsSet, type PinChangePhase } from '../state/pin-change-phase';

export function PinChangeProgress({ phase, onPad = false }: { phase: PinChangePhase; onPad?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {newPinIsSet(phase) && (
        <p className="message message-success" role="status" data-testid="pin-changed">
          {phase.step === 'changed' ? t('changePin.done') : t('pinProgress.newPinSet')}
        </p>
      )}
      {phase.step === 'changing' && (
        <p className="message" role="status" data-testid="pin-progress">
          {phase.onPad ? t('pinProgress.onPad') : t('pinProgress.changing')}
        </p>
      )}
      {phase.step === 'logging-in' && (
        <p className="message" role="status" data-testid="pin-progress">
          {onPad ? t('login.pinPadWaiting') : t('pinProgress.loggingIn')}
        </p>
      )}
    </>
  );
}
