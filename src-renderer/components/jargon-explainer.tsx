// A short plain explanation of a technical word (.p7s, CAdES, PEM/DER) behind a 这是什么？
// disclosure: out of the way for the holder who knows, one click away for the one who does not.
import { useTranslation } from 'react-i18next';

export function JargonExplainer({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <details className="jargon" data-testid={testId}>
      <summary>{t('jargon.whatIsThis')}</summary>
      <p>{text}</p>
    </details>
  );
}
