// Old PIN, new PIN, confirmation, with live policy feedback. Used for activation (initial PIN
// → holder's PIN) and for an ordinary PIN change. All three fields clear on every submit.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkNewPin } from '../../src-main/contract/pin-policy';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';
import { ErrorMessage } from './error-message';
import { PinField } from './pin-field';
import { PinStatusNote } from './pin-status-note';
import { PinPolicyList } from './pin-policy-list';

export interface PinChangeFormProps {
  token: TokenSummary;
  oldLabel: string;
  oldHint?: string;
  submitLabel: string;
  onChanged: () => void;
}

export function PinChangeForm(props: PinChangeFormProps) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const policyId = useId();
  const [oldPin, setOldPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { minLength, maxLength } = props.token.pin;

  const violations = checkNewPin({ newPin, oldPin: oldPin || undefined, confirmation, minLength, maxLength });
  const canSubmit = !busy && oldPin !== '' && newPin !== '' && violations.length === 0;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!canSubmit) return;
    const request = { slotId: props.token.slotId, oldPin, newPin };
    setOldPin('');
    setNewPin('');
    setConfirmation('');
    setBusy(true);
    setError(null);
    try {
      await client.call('pin:change', request);
      props.onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <PinStatusNote pin={props.token.pin} />
      <PinField
        name="old-pin"
        label={props.oldLabel}
        hint={props.oldHint}
        value={oldPin}
        onChange={setOldPin}
        autoFocus
      />
      <PinField
        name="new-pin"
        label={t('changePin.newPin')}
        value={newPin}
        onChange={setNewPin}
        describedBy={policyId}
        invalid={newPin !== '' && violations.some((violation) => violation !== 'confirmation-mismatch')}
      />
      <PinField
        name="confirm-pin"
        label={t('changePin.confirm')}
        value={confirmation}
        onChange={setConfirmation}
        invalid={confirmation !== '' && violations.includes('confirmation-mismatch')}
      />
      <PinPolicyList
        id={policyId}
        violations={violations}
        minLength={minLength}
        maxLength={maxLength}
        touched={newPin !== '' || confirmation !== ''}
      />
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary" disabled={!canSubmit}>
        {busy ? t('changePin.submitting') : props.submitLabel}
      </button>
    </form>
  );
}
