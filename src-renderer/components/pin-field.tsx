// A labelled password field for a PIN. Browsers must not remember it (autocomplete off) and
// the value lives only in the parent's state, which clears it after every submit.
import { useId, type Ref } from 'react';

export interface PinFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  autoFocus?: boolean;
  invalid?: boolean;
  describedBy?: string;
  name: string;
  /** Lets a form put the focus back into this field (after the key refused the PIN). */
  inputRef?: Ref<HTMLInputElement>;
}

export function PinField(props: PinFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : null, props.describedBy ?? null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        ref={props.inputRef}
        name={props.name}
        type="password"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        autoFocus={props.autoFocus}
        value={props.value}
        aria-invalid={props.invalid || undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint && (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
