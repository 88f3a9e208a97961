// 我的申请's other two requests, for each certificate on the logged-in USBKEY: 申请变更信息 and
// 申请注销 (certificate-request-buttons.tsx). Only one form is open at a time, so the focus and
// the screen reader never meet two.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../../src-main/contract/certificate-requests';
import { useHolder } from '../state/holder-context';
import {
  anyRequestUnderWay,
  canRequestFor,
  CertificateRequestButtons,
  type CertificateRequestForm,
} from './certificate-request-buttons';

const doneKeys = { change: 'forms.change.done', revoke: 'forms.revoke.done' } as const;

type Open = { fingerprint: string; form: CertificateRequestForm } | null;

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
  const [submitted, setSubmitted] = useState<CertificateRequestForm | null>(null);
  const holderCertificates = (certificates?.certificates ?? []).filter((entry) =>
    canRequestFor(entry, requests),
  );
  if (holderCertificates.length === 0) return null;

  return (
    <section aria-labelledby="certificate-actions-title" data-testid="certificate-request-actions">
      <h2 id="certificate-actions-title" className="section-title">
        {t('forms.sectionTitle')}
      </h2>
      <div role="status">
        {/* Once the request has moved on, its card says where it stands; this line would be stale. */}
        {submitted && anyRequestUnderWay(requests) && (
          <p className="message message-success" data-testid="form-submitted">
            {t(doneKeys[submitted])}
          </p>
        )}
      </div>
      {holderCertificates.map(({ certificate, tokenLabel }) => {
        const fingerprint = certificate.sha256Fingerprint;
        return (
          <div key={fingerprint} className="certificate-request-actions">
            <p>
              {t('forms.certificate', {
                name: certificate.subject.commonName ?? certificate.subject.dn,
                label: tokenLabel,
              })}
            </p>
            <CertificateRequestButtons
              certificate={certificate}
              requests={requests}
              form={open?.fingerprint === fingerprint ? open.form : null}
              onForm={(form) => {
                setSubmitted(null);
                setOpen(form ? { fingerprint, form } : null);
              }}
              onSubmitted={(form) => {
                setOpen(null);
                setSubmitted(form);
                onSubmitted();
              }}
            />
          </div>
        );
      })}
    </section>
  );
}
