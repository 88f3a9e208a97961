// 设置 → 已授权的网站: where the EMR bridge listens, which websites may use it (hospital IT's,
// read-only, and the holder's own, each revocable), and plainly when approvals last this run
// only (no keychain) or were thrown away (the file was edited outside YiKey).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeStatus } from '../../src-main/contract/bridge-consent';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';
import { ErrorMessage } from './error-message';
import { formatDate } from './format-date';

export function BridgeApprovals() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { client } = useHolder();
  const [status, setStatus] = useState<BridgeStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = (): void =>
      void client.call('bridge:status', {}).then(
        (loaded) => current && setStatus(loaded),
        (caught: unknown) => current && setError(caught),
      );
    load();
    // A first contact approved while this screen is open shows up at once.
    const unsubscribe = client.on('bridge:request-ended', load);
    return () => {
      current = false;
      unsubscribe();
    };
  }, [client]);

  const revoke = async (origin: string): Promise<void> => {
    setError(null);
    try {
      setStatus(await client.call('bridge:revoke', { origin }));
      setRevoked(origin);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="bridge-approvals-title" data-testid="bridge-approvals">
      <h2 id="bridge-approvals-title" className="section-title">
        {t('bridge.settings.title')}
      </h2>
      {status && (
        <>
          {status.address ? (
            <p>
              {t('bridge.settings.address')} <code data-testid="bridge-address">{status.address}</code>
            </p>
          ) : (
            <p className="message message-warning">
              {t(`bridge.settings.notRunning.${status.problem ?? 'not-running'}`, { port: status.port })}
            </p>
          )}
          {status.approvalsStorage === 'this-run' && status.address && (
            <p className="message message-warning" data-testid="bridge-this-run">
              {t('bridge.settings.thisRun')}
            </p>
          )}
          {status.approvalsWarning && (
            <p className="message message-warning" role="alert" data-testid="bridge-approvals-warning">
              {t(`bridge.settings.${status.approvalsWarning}`)}
            </p>
          )}
          {revoked && (
            <p className="message message-success" role="status">
              {t('bridge.settings.revoked', { origin: revoked })}
            </p>
          )}
          {status.approvals.length === 0 ? (
            <p>{t('bridge.settings.none')}</p>
          ) : (
            <ul className="bridge-approval-list">
              {status.approvals.map((approval) => (
                <li key={approval.origin} className="bridge-approval" data-testid="bridge-approval">
                  <span className="bridge-approval-origin">{approval.origin}</span>
                  {approval.source === 'policy' ? (
                    <span className="bridge-approval-note">{t('bridge.settings.policy')}</span>
                  ) : (
                    <>
                      {approval.approvedAt && (
                        <span className="bridge-approval-note">
                          {t('bridge.settings.approvedAt', {
                            time: formatDate(approval.approvedAt, language, true),
                          })}
                        </span>
                      )}
                      <button
                        type="button"
                        className="button"
                        aria-label={t('bridge.settings.revokeLabel', { origin: approval.origin })}
                        onClick={() => void revoke(approval.origin)}
                      >
                        {t('bridge.settings.revoke')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
