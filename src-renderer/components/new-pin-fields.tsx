// The new PIN typed twice with the PIN policy listed under it, checked as the holder types:
// the same fields and the same state wherever a PIN is chosen (修改PIN码, PIN码解锁).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkNewPin, type PinPolicyViolation } from '../../src-main/contract/pin-policy';
import { PinField } from './pin-field';
import { PinPolicyList } from './pin-policy-list';

export function NewPinFields(props: {
  newPin: string;
  onNewPin: (pin: string) => void;
  confirmation: string;
  onConfirmation: (pin: string) => void;
  /** From checkNewPin over both fields. */
  violations: PinPolicyViolation[];
  minLength: number;
  maxLength: number;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const policyId = useId();
  const { newPin, confirmation, violations } = props;
  return (
    <>
      <PinField
        name="new-pin"
        label={t('changePin.newPin')}
        value={newPin}
        onChange={props.onNewPin}
        describedBy={policyId}
        autoFocus={props.autoFocus}
        invalid={newPin !== '' && violations.some((violation) => violation !== 'confirmation-mismatch')}
      />
      <PinField
        name="confirm-pin"
        label={t('changePin.confirm')}
        value={confirmation}
        onChange={props.onConfirmation}
        invalid={confirmation !== '' && violations.includes('confirmation-mismatch')}
      />
      <PinPolicyList
        id={policyId}
        violations={violations}
        minLength={props.minLength}
        maxLength={props.maxLength}
        touched={newPin !== '' || confirmation !== ''}
      />
    </>
  );
}

/**
 * The two fields' state and what the PIN policy says of it, for the key's length limits; with
 * the old PIN when the new one must differ from it. `fields` goes to <NewPinFields {...fields} />.
 */
export function useNewPin(limits: { minLength: number; maxLength: number }, oldPin?: string) {
  const [newPin, setNewPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { minLength, maxLength } = limits;
  const violations = checkNewPin({ newPin, oldPin: oldPin || undefined, confirmation, minLength, maxLength });
  return {
    newPin,
    /** Typed, twice alike, and meeting every rule. */
    ready: newPin !== '' && violations.length === 0,
    clear: (): void => {
      setNewPin('');
      setConfirmation('');
    },
    fields: {
      newPin,
      onNewPin: setNewPin,
      confirmation,
      onConfirmation: setConfirmation,
      violations,
      minLength,
      maxLength,
    },
  };
}
