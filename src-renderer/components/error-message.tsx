// An error in the holder's language, announced to screen readers. The code is shown small
// for support staff; the message comes from the contract's table, never from raw exceptions.
import { asYiKeyError, errorText } from '../i18n/contract-text';
import { useLanguage } from '../state/use-language';

export function ErrorMessage({ error }: { error: unknown }) {
  const language = useLanguage();
  if (error === null || error === undefined) return null;
  return (
    <p className="message message-error" role="alert">
      {errorText(error, language)} <span className="error-code">[{asYiKeyError(error).code}]</span>
    </p>
  );
}
