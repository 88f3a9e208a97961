// The reference number (参考号) and one-time authorisation code (授权码) that the unit's certificate
// administrator gives the holder, for PIN码解锁 and 补办证书: the same labels, hints and checks
// wherever they are typed. The code is a password field (it opens the holder's key for a
// stranger who reads it over a shoulder), neither field is remembered by the browser, and a
// mistyped reference number is said next to its field, tied to it with aria-describedby.
import { useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** 1–20 digits, as the backend issues them; said here because the backend would only see a wrong code. */
const referencePattern = /^\d{1,20}$/;

export function AuthorisationCodeFields(props: {
  /** Without it only the code is asked (the reference is already known). */
  reference?: { value: string; onChange: (text: string) => void; invalid: boolean };
  referenceInput?: RefObject<HTMLInputElement | null>;
  code: string;
  onCode: (text: string) => void;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { reference } = props;
  return (
    <>
      {reference && (
        <div className="field">
          <label htmlFor={`${id}-reference`}>{t('authCode.reference')}</label>
          <input
            id={`${id}-reference`}
            ref={props.referenceInput}
            name="reference"
            className="reference-input"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            autoFocus={props.autoFocus}
            value={reference.value}
            disabled={props.disabled}
            aria-invalid={reference.invalid || undefined}
            aria-describedby={`${id}-reference-hint${reference.invalid ? ` ${id}-reference-problem` : ''}`}
            onChange={(event) => reference.onChange(event.target.value)}
          />
          <p className="field-hint" id={`${id}-reference-hint`}>
            {t('authCode.referenceHint')}
          </p>
          {reference.invalid && (
            <p
              className="field-problem"
              role="alert"
              id={`${id}-reference-problem`}
              data-testid="reference-invalid"
            >
              {t('authCode.referenceInvalid')}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('authCode.code')}</label>
        <input
          id={`${id}-code`}
          name="code"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus={props.autoFocus && !reference}
          value={props.code}
          disabled={props.disabled}
          aria-describedby={`${id}-code-hint`}
          onChange={(event) => props.onCode(event.target.value)}
        />
        <p className="field-hint" id={`${id}-code-hint`}>
          {t('authCode.codeHint')}
        </p>
      </div>
    </>
  );
}

/**
 * The fields' state; `fields` goes to <AuthorisationCodeFields {...fields} />. `check()` says a
 * mistyped reference number next to its field and moves the focus there.
 */
export function useAuthorisationCode(options: { withReference: boolean }) {
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const [referenceInvalid, setReferenceInvalid] = useState(false);
  const referenceInput = useRef<HTMLInputElement>(null);
  const typedCode = code.trim();
  const typedReference = reference.trim();
  return {
    fields: {
      ...(options.withReference
        ? { reference: { value: reference, onChange: setReference, invalid: referenceInvalid } }
        : {}),
      referenceInput,
      code,
      onCode: setCode,
    },
    reference: typedReference,
    code: typedCode,
    ready: typedCode !== '' && (!options.withReference || typedReference !== ''),
    check(): boolean {
      const valid = !options.withReference || referencePattern.test(typedReference);
      setReferenceInvalid(!valid);
      if (!valid) referenceInput.current?.focus();
      return valid;
    },
    /** Forgets the code once it is sent: it lives in the window no longer than needed. */
    clearCode(): void {
      setCode('');
    },
  };
}
