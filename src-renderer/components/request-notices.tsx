// The in-app notice when a certificate request changes stage on its own (the reviewers acted):
// a polite live region at the top of the window, so a screen reader reads it without moving
// the focus. The words are the contract's, the same as Electron's desktop notification.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { RequestChange } from '../../src-main/contract/certificate-requests';
import { requestChangeNotice } from '../../src-main/contract/request-notice-text';
import { useLanguage } from '../state/use-language';

export function RequestNotices({ client }: { client: HolderApiClient }) {
  const { t } = useTranslation();
  const language = useLanguage();
  // The change is kept, not its words: switching the language re-words the notice shown.
  const [change, setChange] = useState<RequestChange | null>(null);
  useEffect(
    () =>
      client.on('requests:changed', ({ changes }) => {
        const latest = changes.filter((candidate) => requestChangeNotice(candidate, 'zh-CN') !== null).at(-1);
        if (latest) setChange(latest);
      }),
    [client],
  );
  const notice = change && requestChangeNotice(change, language);
  return (
    <div className="request-notice-region" role="status" aria-live="polite" data-testid="request-notice">
      {notice && (
        <div className="message message-success request-notice">
          <p>
            <strong>{notice.title}</strong> {notice.body}
          </p>
          <button type="button" className="button button-quiet" onClick={() => setChange(null)}>
            {t('requests.close')}
          </button>
        </div>
      )}
    </div>
  );
}
