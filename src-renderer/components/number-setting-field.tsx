// A labelled whole-number field for a bounded setting (renewal days, auto-lock minutes). The
// limits come from the contract, so the hint and the check say exactly what main accepts.
import { useId } from 'react';
import { settingLimits, type BoundedSetting } from '../../src-main/contract/holder-settings';

export interface NumberSettingFieldProps {
  setting: BoundedSetting;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  /** The reason the typed value is refused, or null. */
  problem: string | null;
}

export function NumberSettingField(props: NumberSettingFieldProps) {
  const id = useId();
  const { min, max } = settingLimits[props.setting];
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.setting}
        className="input-number"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={props.value}
        aria-invalid={props.problem !== null || undefined}
        aria-describedby={`${id}-hint${props.problem ? ` ${id}-problem` : ''}`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {props.problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {props.problem}
        </p>
      )}
    </div>
  );
}
