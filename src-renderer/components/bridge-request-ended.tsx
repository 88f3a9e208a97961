// A short, announced line when a website's request ended without the holder's yes: refused,
// timed out, cancelled by unplugging or locking. Approvals need no words: the page moves on.
import { useTranslation } from 'react-i18next';
import type { BridgeRequests } from '../state/use-bridge-requests';

export function BridgeRequestEnded({ ended }: { ended: BridgeRequests['lastEnded'] }) {
  const { t } = useTranslation();
  const text = ended && ended.outcome !== 'approved' ? t(`bridge.ended.${ended.outcome}`) : '';
  return (
    <p
      className={text ? 'message message-warning bridge-ended' : 'visually-hidden'}
      role="status"
      data-testid="bridge-ended"
    >
      {text}
    </p>
  );
}
