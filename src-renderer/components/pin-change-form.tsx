// Old PIN, new PIN, confirmation, with live policy feedback. Used for activation (initial PIN
// → holder's PIN, then a login with the new PIN so it is not asked for again) and for an
// ordinary PIN change. Where the attempt stands is the parent's PinChangePhase, so a success and
// a later failure are never shown as one story. A wrong old PIN clears only that field and says
// so next to it: the new PIN the holder chose stays. Every other outcome clears all fields.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { useHolder } from '../state/holder-context';
import { failureOf, fieldOfFailure, isWorking, type PinChangePhase } from '../state/pin-change-phase';
import { ErrorMessage } from './error-message';
import { PinChangeProgress } from './pin-change-progress';
import { PinField } from './pin-field';
import { PinStatusNote } from './pin-status-note';
import { NewPinFields, useNewPin } from './new-pin-fields';

export interface PinChangeFormProps {
  token: TokenSummary;
  oldLabel: string;
  oldHint?: string;
  /** Said next to the old-PIN field when the key refused it. */
  oldWrong: string;
  submitLabel: string;
  phase: PinChangePhase;
  onPhase: (phase: PinChangePhase) => void;
  /** Activation: log in with the new PIN once it is set. */
  logInAfterChange?: boolean;
}

export function PinChangeForm(props: PinChangeFormProps) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const oldField = useRef<HTMLInputElement>(null);
  const [oldPin, setOldPin] = useState('');
  const newPin = useNewPin(props.token.pin, oldPin);
  const { phase, onPhase } = props;
  const busy = isWorking(phase);
  const canSubmit = !busy && oldPin !== '' && newPin.ready;
  const failure = failureOf(phase);

  if (props.token.pin.pinPad) return <PinPadChange {...props} />;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!canSubmit) return;
    const { slotId } = props.token;
    const chosenPin = newPin.newPin;
    setOldPin('');
    onPhase({ step: 'changing', onPad: false });
    try {
      await client.call('pin:change', { slotId, oldPin, newPin: chosenPin });
    } catch (caught) {
      const field = fieldOfFailure(YiKeyError.from(caught).code);
      // The holder chose a good new PIN; only the PIN the key refused has to be typed again.
      if (field !== 'old') newPin.clear();
      onPhase({ step: 'change-failed', error: caught, field });
      if (field === 'old') oldField.current?.focus();
      await refresh();
      return;
    }
    newPin.clear();
    if (!props.logInAfterChange) {
      onPhase({ step: 'changed' });
      await refresh();
      return;
    }
    onPhase({ step: 'logging-in' });
    try {
      await client.call('session:login', { slotId, pin: chosenPin });
      onPhase({ step: 'activated' });
    } catch (caught) {
      onPhase({ step: 'login-failed', error: caught });
    }
    await refresh();
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      {/* After a wrong old PIN the error says what the count-low note would; the final-try warning stays. */}
      {(failure?.field !== 'old' || props.token.pin.finalTry || props.token.pin.triesLeft === 1) && (
        <PinStatusNote pin={props.token.pin} />
      )}
      <PinField
        name="old-pin"
        label={props.oldLabel}
        hint={props.oldHint}
        value={oldPin}
        onChange={setOldPin}
        invalid={failure?.field === 'old' && oldPin === ''}
        inputRef={oldField}
        autoFocus
      />
      {failure?.field === 'old' && <ErrorMessage error={failure.error} headline={props.oldWrong} />}
      <NewPinFields {...newPin.fields} />
      {failure?.field === 'new' && <ErrorMessage error={failure.error} />}
      <PinChangeProgress phase={phase} />
      {failure && failure.field === null && <ErrorMessage error={failure.error} />}
      <button type="submit" className="button button-primary" disabled={!canSubmit}>
        {busy ? t('changePin.submitting') : props.submitLabel}
      </button>
    </form>
  );
}

/**
 * A key in a reader with a PIN pad: the PIN never passes through the PC, so there are no fields.
 * The holder presses the button and types on the pad; the steps are said before and while.
 */
function PinPadChange(props: PinChangeFormProps) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const { phase, onPhase } = props;
  const busy = isWorking(phase);
  const failure = failureOf(phase);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const { slotId } = props.token;
    onPhase({ step: 'changing', onPad: true });
    try {
      await client.call('pin:change', { slotId });
    } catch (caught) {
      onPhase({ step: 'change-failed', error: caught, field: null });
      await refresh();
      return;
    }
    if (!props.logInAfterChange) {
      onPhase({ step: 'changed' });
      await refresh();
      return;
    }
    onPhase({ step: 'logging-in' });
    try {
      await client.call('session:login', { slotId });
      onPhase({ step: 'activated' });
    } catch (caught) {
      onPhase({ step: 'login-failed', error: caught });
    }
    await refresh();
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid="pin-pad-change">
      <PinStatusNote pin={props.token.pin} />
      {!busy && <p>{t('pinProgress.padIntro')}</p>}
      <PinChangeProgress phase={phase} onPad />
      {failure && <ErrorMessage error={failure.error} />}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('pinProgress.padWaiting') : t('pinProgress.padSubmit')}
      </button>
    </form>
  );
}
