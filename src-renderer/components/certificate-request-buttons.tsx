// One certificate's 申请变更信息 and 申请注销: the two buttons, each opening its own form
// (change-request-form.tsx, revocation-request-form.tsx), or a line saying a request for it is
// already under way. The one code path for both places a holder looks: 我的申请
// (certificate-request-actions.tsx) and the certificate's details (certificate-details-requests.tsx).
// Which form is open is the caller's, so 我的申请 keeps only one open across certificates.
import { useTranslation } from 'react-i18next';
import type { RequestProgress, RequestView } from '../../src-main/contract/certificate-requests';
import type { CertificateEntryView, CertificateView } from '../../src-main/contract/holder-api-schemas';
import { ChangeRequestForm } from './change-request-form';
import { RevocationRequestForm } from './revocation-request-form';

export type CertificateRequestForm = 'change' | 'revoke';

const ended: RequestProgress[] = ['completed', 'rejected', 'withdrawn', 'failed'];

const underWayRequest = (request: RequestView): boolean =>
  (request.kind === 'change' || request.kind === 'revoke') && !ended.includes(request.progress);

/** Whether a change or revocation was asked for and is not finished yet (for any certificate). */
export const anyRequestUnderWay = (requests: RequestView[]): boolean => requests.some(underWayRequest);

/** A holder's own, readable certificate that is not revoked yet: something can be asked for it. */
export function canRequestFor(
  entry: CertificateEntryView,
  requests: RequestView[],
): entry is CertificateEntryView & { readable: true } {
  if (!entry.readable || entry.certificate.isCa) return false;
  const fingerprint = entry.certificate.sha256Fingerprint;
  return !requests.some(
    (request) =>
      request.certificateFingerprint === fingerprint &&
      request.kind === 'revoke' &&
      request.progress === 'completed',
  );
}

export function CertificateRequestButtons({
  certificate,
  requests,
  form,
  onForm,
  onSubmitted,
  onOpenRequests,
}: {
  certificate: CertificateView;
  requests: RequestView[];
  form: CertificateRequestForm | null;
  onForm: (form: CertificateRequestForm | null) => void;
  onSubmitted: (form: CertificateRequestForm) => void;
  /** Given where the request cards are not on this screen: a request under way links to 我的申请. */
  onOpenRequests?: () => void;
}) {
  const { t } = useTranslation();
  // One change or revocation at a time: the backend would refuse a second one anyway.
  const underWay = requests.find(
    (request) => request.certificateFingerprint === certificate.sha256Fingerprint && underWayRequest(request),
  );
  if (form === 'change')
    return (
      <ChangeRequestForm
        certificate={certificate}
        onClose={() => onForm(null)}
        onSubmitted={() => onSubmitted('change')}
      />
    );
  if (form === 'revoke')
    return (
      <RevocationRequestForm
        certificate={certificate}
        onClose={() => onForm(null)}
        onSubmitted={() => onSubmitted('revoke')}
      />
    );
  if (underWay && !onOpenRequests)
    return (
      <p data-testid="certificate-request-under-way">
        {t('forms.underWay', { kind: t(`requests.kind.${underWay.kind}`) })}
      </p>
    );
  if (underWay)
    return (
      <div className="button-row">
        <p data-testid="certificate-request-under-way">
          {t('forms.underWayElsewhere', { kind: t(`requests.kind.${underWay.kind}`) })}
        </p>
        <button type="button" className="button" onClick={onOpenRequests}>
          {t('requests.banner.openLink')}
        </button>
      </div>
    );
  return (
    <div className="button-row">
      <button type="button" className="button" onClick={() => onForm('change')}>
        {t('forms.change.action')}
      </button>
      <button type="button" className="button" onClick={() => onForm('revoke')}>
        {t('forms.revoke.action')}
      </button>
    </div>
  );
}
