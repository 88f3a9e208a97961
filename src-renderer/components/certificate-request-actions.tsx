// 我的申请's other two requests, for each certificate on the logged-in USBKEY: 申请变更信息 and
// 申请注销, each opening its own form (change-request-form.tsx, revocation-request-form.tsx).
// Only one form is open at a time, so the focus and the screen reader never meet two.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestProgress, RequestView } from '../../src-main/contract/certificate-requests';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { useHolder } from '../state/holder-context';
import { ChangeRequestForm } from './change-request-form';
import { RevocationRequestForm } from './revocation-request-form';

const ended: RequestProgress[] = ['completed', 'rejected', 'withdrawn', 'failed'];

type Open = { fingerprint: string; form: 'change' | 'revoke' } | null;
type Submitted = 'forms.change.done' | 'forms.revoke.done';

export function CertificateRequestActions({
  requests,
  onSubmitted,
}: {
  requests: RequestView[];
  onSubmitted: () => void;
}) {
  const { t } = useTranslation();
  const { certificates } = useHolder();
  const [open, setOpen] = useState<Open>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const holderCertificates: { certificate: CertificateView; tokenLabel: string }[] = (
    certificates?.certificates ?? []
  ).flatMap((entry) =>
    // A revoked certificate has nothing left to ask for.
    entry.readable && !entry.certificate.isCa && !revoked(requests, entry.certificate.sha256Fingerprint)
      ? [{ certificate: entry.certificate, tokenLabel: entry.tokenLabel }]
      : [],
  );
  if (holderCertificates.length === 0) return null;

  const done = (text: Submitted) => {
    setOpen(null);
    setSubmitted(text);
    onSubmitted();
  };

  return (
    <section aria-labelledby="certificate-actions-title" data-testid="certificate-request-actions">
      <h2 id="certificate-actions-title" className="section-title">
        {t('forms.sectionTitle')}
      </h2>
      <div role="status">
        {/* Once the request has moved on, its card says where it stands; this line would be stale. */}
        {submitted && requests.some(underWayRequest) && (
          <p className="message message-success" data-testid="form-submitted">
            {t(submitted)}
          </p>
        )}
      </div>
      {holderCertificates.map(({ certificate, tokenLabel }) => {
        const fingerprint = certificate.sha256Fingerprint;
        const form = open?.fingerprint === fingerprint ? open.form : null;
        const close = () => setOpen(null);
        // One change or revocation at a time: the backend would refuse a second one anyway.
        const underWay = requests.find(
          (request) => request.certificateFingerprint === fingerprint && underWayRequest(request),
        );
        return (
          <div key={fingerprint} className="certificate-request-actions">
            <p>
              {t('forms.certificate', {
                name: certificate.subject.commonName ?? certificate.subject.dn,
                label: tokenLabel,
              })}
            </p>
            {underWay && form === null && (
              <p data-testid="certificate-request-under-way">
                {t('forms.underWay', { kind: t(`requests.kind.${underWay.kind}`) })}
              </p>
            )}
            {!underWay && form === null && (
              <div className="button-row">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setSubmitted(null);
                    setOpen({ fingerprint, form: 'change' });
                  }}
                >
                  {t('forms.change.action')}
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setSubmitted(null);
                    setOpen({ fingerprint, form: 'revoke' });
                  }}
                >
                  {t('forms.revoke.action')}
                </button>
              </div>
            )}
            {form === 'change' && (
              <ChangeRequestForm
                certificate={certificate}
                onClose={close}
                onSubmitted={() => done('forms.change.done')}
              />
            )}
            {form === 'revoke' && (
              <RevocationRequestForm
                certificate={certificate}
                onClose={close}
                onSubmitted={() => done('forms.revoke.done')}
              />
            )}
          </div>
        );
      })}
    </section>
  );
}

const revoked = (requests: RequestView[], fingerprint: string): boolean =>
  requests.some(
    (request) =>
      request.certificateFingerprint === fingerprint &&
      request.kind === 'revoke' &&
      request.progress === 'completed',
  );

const underWayRequest = (request: RequestView): boolean =>
  (request.kind === 'change' || request.kind === 'revoke') && !ended.includes(request.progress);
