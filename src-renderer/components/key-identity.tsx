// Who and which key: the holder's name from the certificate, the key's label and serial.
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';

export function holderNameOf(
  slotId: string,
  entries: ReturnType<typeof useHolder>['certificates'],
): string | null {
  const entry = entries?.certificates.find((candidate) => candidate.slotId === slotId && candidate.readable);
  return entry?.readable ? entry.certificate.subject.commonName : null;
}

export function KeyIdentity({ token }: { token: TokenSummary }) {
  const { t } = useTranslation();
  const { certificates } = useHolder();
  const holderName = holderNameOf(token.slotId, certificates);
  return (
    <div className="key-identity">
      <p className="holder-name" data-testid="holder-name">
        {holderName ?? t('key.unknownHolder')}
      </p>
      <dl className="key-facts">
        <dt>{t('key.label')}</dt>
        <dd>{token.label}</dd>
        <dt>{t('key.serial')}</dt>
        <dd>{token.serial}</dd>
      </dl>
    </div>
  );
}
