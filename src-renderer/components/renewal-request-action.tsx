// The renewal banner's action (申请续期): a confirmation that says what will happen — a new key
// on the USBKEY, the current certificate keeps working until the new one is installed, who
// reviews — then the request with a progress line while the key is made (seconds on a real
// key), then where it stands. With a request already open it links to 我的申请 instead.
// Reached only while logged in, so the PIN session the request needs is there.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestProgress, RequestView } from '../../src-main/contract/certificate-requests';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { useHolder } from '../state/holder-context';
import { useLanguage } from '../state/use-language';
import { useRequests } from '../state/use-requests';
import { ErrorMessage } from './error-message';
import { formatDate } from './format-date';
import { ProgressLine } from './progress-line';
import { RequestConfirmation } from './request-confirmation';

const ended: RequestProgress[] = ['completed', 'rejected', 'withdrawn', 'failed'];

type Step = { kind: 'idle' } | { kind: 'confirm' } | { kind: 'working' } | { kind: 'failed'; error: unknown };

export function RenewalRequestAction({
  certificate,
  onOpenRequests,
}: {
  certificate: CertificateView;
  onOpenRequests: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { client, refresh } = useHolder();
  const requests = useRequests(client);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  if (!requests.list?.backendConfigured) return null;
  const open: RequestView | undefined = requests.list.requests.find(
    (request) =>
      request.certificateFingerprint === certificate.sha256Fingerprint && !ended.includes(request.progress),
  );

  if (open && step.kind !== 'working') {
    return (
      <div className="renewal-action" data-testid="renewal-open">
        <p>{t('requests.banner.open', { progress: t(`requests.progress.${open.progress}`) })}</p>
        <button type="button" className="button" onClick={onOpenRequests}>
          {t('requests.banner.openLink')}
        </button>
      </div>
    );
  }

  const submit = async (): Promise<void> => {
    setStep({ kind: 'working' });
    try {
      await client.call('requests:renew', { sha256Fingerprint: certificate.sha256Fingerprint });
      await requests.reload();
      void refresh();
      setStep({ kind: 'idle' });
    } catch (error) {
      setStep({ kind: 'failed', error });
    }
  };

  if (step.kind === 'working') {
    return (
      <div className="renewal-action" aria-busy="true">
        <ProgressLine testId="renewal-working">{t('requests.banner.working')}</ProgressLine>
      </div>
    );
  }

  if (step.kind === 'confirm') {
    return (
      <RequestConfirmation
        title={t('requests.banner.confirmTitle')}
        testId="renewal-confirm"
        headingLevel={2}
        confirmLabel={t('requests.banner.confirm')}
        onConfirm={() => void submit()}
        backLabel={t('requests.banner.cancel')}
        onBack={() => setStep({ kind: 'idle' })}
      >
        <p>
          {t('requests.banner.confirmCertificate', {
            name: certificate.subject.commonName ?? certificate.subject.dn,
            date: formatDate(certificate.notAfter, language),
          })}
        </p>
        <p>{t('requests.banner.confirmIntro')}</p>
        <ul>
          <li>{t('requests.banner.confirmKey')}</li>
          <li>{t('requests.banner.confirmKeep')}</li>
          <li>{t('requests.banner.confirmReview')}</li>
        </ul>
      </RequestConfirmation>
    );
  }

  return (
    <div className="renewal-action">
      {step.kind === 'failed' && <ErrorMessage error={step.error} />}
      <button
        type="button"
        className="button button-primary"
        data-testid="renewal-request"
        onClick={() => setStep({ kind: 'confirm' })}
      >
        {t('requests.banner.action')}
      </button>
    </div>
  );
}
