// An error in the holder's language, in words only, announced to screen readers. The stable
// code and the technical message are for the support desk: they sit in a closed 详细信息
// toggle, so the holder reads a sentence, not "[pin-incorrect]". The words come from the
// contract's table, never from raw exceptions.
import { useTranslation } from 'react-i18next';
import { asYiKeyError, errorText } from '../i18n/contract-text';
import { useLanguage } from '../state/use-language';

export function ErrorMessage({
  error,
  headline,
}: {
  error: unknown;
  /** Says what the failure concerns (初始PIN码不正确) before the error's own words. */
  headline?: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (error === null || error === undefined) return null;
  const words = errorText(error, language);
  const { code, message } = asYiKeyError(error);
  return (
    <div className="message message-error" data-testid="error-message">
      <p className="error-words" role="alert">
        {headline && <strong className="error-headline">{headline} </strong>}
        {words}
      </p>
      <details className="error-details" data-testid="error-details">
        <summary>{t('errors.details')}</summary>
        <dl className="error-facts">
          <dt>{t('errors.code')}</dt>
          <dd className="error-code">{code}</dd>
          {message !== '' && message !== words && (
            <>
              <dt>{t('errors.technical')}</dt>
              <dd className="error-technical">{message}</dd>
            </>
          )}
        </dl>
      </details>
    </div>
  );
}
