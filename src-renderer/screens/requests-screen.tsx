// 我的申请: renewals the unit applied for (安装续期证书), then every certificate request, newest
// first, each with its stage and what happens next. Opening the screen asks the backend at
// once (requests:sync); after that the background polling in main keeps it current through
// requests:changed. Installing refreshes the certificates, so 我的证书 shows the new one.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../../src-main/contract/certificate-requests';
import { CertificateRequestActions } from '../components/certificate-request-actions';
import { ErrorMessage } from '../components/error-message';
import { RequestCard, type RequestAction } from '../components/request-card';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { useHolder } from '../state/holder-context';
import { useRequests } from '../state/use-requests';
import { ProgressLine } from '../components/progress-line';

type DoneText = 'requests.withdrawn' | 'requests.installed';

type Running =
  { id: string; action: RequestAction } | { id: 'sync' } | { id: string; action: 'offer' } | null;

export function RequestsScreen() {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const requests = useRequests(client);
  const [running, setRunning] = useState<Running>(null);
  const [error, setError] = useState<unknown>(null);
  // The key of the outcome's words, so switching the language re-words it.
  const [done, setDone] = useState<DoneText | null>(null);
  const [withdrawCodeFor, setWithdrawCodeFor] = useState<string | null>(null);

  const run = async (next: NonNullable<Running>, action: () => Promise<unknown>, doneText?: DoneText) => {
    setRunning(next);
    setError(null);
    setDone(null);
    try {
      await action();
      if (doneText) setDone(doneText);
    } catch (caught) {
      setError(caught);
    } finally {
      await requests.reload();
      setRunning(null);
    }
  };

  const sync = () => run({ id: 'sync' }, async () => requests.accept(await client.call('requests:sync', {})));
  // Asking the backend once on opening: a holder who comes to look expects today's answer.
  useEffect(() => {
    void client.call('requests:sync', {}).then(requests.accept, () => undefined);
  }, [client, requests.accept]);

  const act = (request: RequestView, action: RequestAction, code?: string) => {
    if (action === 'withdraw')
      return run({ id: request.id, action }, async () => {
        try {
          await client.call('requests:withdraw', { id: request.id, ...(code ? { code } : {}) });
        } catch (caught) {
          // A re-issue whose code no keychain kept: its card asks for the code and says why.
          if (YiKeyError.from(caught).code === 'request-code-needed') return setWithdrawCodeFor(request.id);
          throw caught;
        }
        setWithdrawCodeFor(null);
        setDone('requests.withdrawn');
      });
    if (action === 'resubmit')
      return run({ id: request.id, action }, () => client.call('requests:resubmit', { id: request.id }));
    return run(
      { id: request.id, action },
      async () => {
        const list = await client.call('requests:sync', { id: request.id });
        const after = list.requests.find((candidate) => candidate.id === request.id);
        await refresh();
        if (after?.problem) throw after.problem;
      },
      'requests.installed',
    );
  };

  const list = requests.list;
  return (
    <section className="panel panel-wide" aria-labelledby="requests-title" data-testid="requests-screen">
      <h1 id="requests-title" className="panel-title">
        {t('requests.title')}
      </h1>
      {list && !list.backendConfigured && (
        <p className="message message-warning" data-testid="requests-not-configured">
          {t('requests.notConfigured')}
        </p>
      )}
      {list?.offers.map((offer) => (
        <section
          key={offer.certificateFingerprint}
          className="banner banner-warning"
          aria-labelledby={`offer-${offer.certificateFingerprint}`}
          data-testid="renewal-offer"
        >
          <h2 id={`offer-${offer.certificateFingerprint}`} className="section-title">
            {t('requests.offerTitle')}
          </h2>
          <p>{t('requests.offerBody', { name: offer.commonName ?? '', label: offer.tokenLabel })}</p>
          <button
            type="button"
            className="button button-primary"
            disabled={running !== null}
            onClick={() =>
              void run(
                { id: offer.certificateFingerprint, action: 'offer' },
                async () => {
                  const view = await client.call('requests:renew', {
                    sha256Fingerprint: offer.certificateFingerprint,
                  });
                  await refresh();
                  if (view.problem) throw view.problem;
                },
                'requests.installed',
              )
            }
          >
            {t('requests.offerInstall')}
          </button>
          {running?.id === offer.certificateFingerprint && (
            <ProgressLine>{t('requests.banner.working')}</ProgressLine>
          )}
        </section>
      ))}
      <div className="button-row">
        <button type="button" className="button" disabled={running !== null} onClick={() => void sync()}>
          {running?.id === 'sync' ? t('requests.refreshing') : t('requests.refresh')}
        </button>
      </div>
      <div role="status" className="request-outcome">
        {done && (
          <p className="message message-success" data-testid="request-done">
            {t(done)}
          </p>
        )}
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {requests.error !== null && <ErrorMessage error={requests.error} />}
      {list && list.requests.length === 0 && <p>{t('requests.none')}</p>}
      {list?.backendConfigured && (
        <CertificateRequestActions requests={list.requests} onSubmitted={() => void requests.reload()} />
      )}
      <div className="request-list">
        {list?.requests.map((request) => (
          <RequestCard
            key={request.id}
            request={request}
            busy={
              running && 'action' in running && running.id === request.id && running.action !== 'offer'
                ? running.action
                : null
            }
            onAction={(action, code) => void act(request, action, code)}
            withdrawCode={
              withdrawCodeFor === request.id ? { onCancel: () => setWithdrawCodeFor(null) } : null
            }
          />
        ))}
      </div>
    </section>
  );
}
