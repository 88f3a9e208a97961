// 证书链可信 / 不可信 / 不完整 / 无效 / 未配置信任, coloured by how much the holder should worry
// (the words carry the meaning; colour only repeats it). Shared by the certificate details and
// the signature verdict, so both say it the same way.
import { useTranslation } from 'react-i18next';
import type { ChainStatusView } from '../../src-main/contract/holder-api-schemas';

export type ChainBadgeStatus = ChainStatusView | 'not-checked';

const tone: Record<ChainBadgeStatus, 'valid' | 'expiring' | 'expired' | 'not-yet-valid'> = {
  trusted: 'valid',
  untrusted: 'expiring',
  incomplete: 'expiring',
  invalid: 'expired',
  'not-checked': 'not-yet-valid',
};

/** `muted`: inside a failed verdict even a trusted chain must not look like a pass (no green). */
export function ChainStatusBadge({ status, muted = false }: { status: ChainBadgeStatus; muted?: boolean }) {
  const { t } = useTranslation();
  const shown = muted && tone[status] === 'valid' ? 'not-yet-valid' : tone[status];
  return (
    <span className={`badge badge-${shown}`} data-testid="chain-status">
      {t(`chain.badge.${status}`)}
    </span>
  );
}
