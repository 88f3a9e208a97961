// 变更或注销证书 in a certificate's details, where a holder looks when their department changed
// or the certificate must be revoked: the same buttons and forms as in 我的申请
// (certificate-request-buttons.tsx); once sent, the progress is followed in 我的申请. Shown only
// while logged in (the request needs the PIN session) and when a certificate service is set.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';
import { useHolder } from '../state/holder-context';
import { useRequests } from '../state/use-requests';
import {
  canRequestFor,
  CertificateRequestButtons,
  type CertificateRequestForm,
} from './certificate-request-buttons';

const doneKeys = { change: 'forms.change.doneElsewhere', revoke: 'forms.revoke.doneElsewhere' } as const;

export function CertificateDetailsRequests({
  entry,
  onOpenRequests,
}: {
  entry: CertificateEntryView;
  onOpenRequests: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const requests = useRequests(client);
  const titleId = useId();
  const [form, setForm] = useState<CertificateRequestForm | null>(null);
  const [submitted, setSubmitted] = useState<CertificateRequestForm | null>(null);
  const list = requests.list;
  if (!list?.backendConfigured || !canRequestFor(entry, list.requests)) return null;
  return (
    <section
      className="details-requests"
      aria-labelledby={titleId}
      data-testid="certificate-details-requests"
    >
      <h4 id={titleId} className="details-requests-title">
        {t('forms.sectionTitle')}
      </h4>
      <div role="status">
        {submitted && (
          <p className="message message-success" data-testid="details-form-submitted">
            {t(doneKeys[submitted])}
          </p>
        )}
      </div>
      <CertificateRequestButtons
        certificate={entry.certificate}
        requests={list.requests}
        form={form}
        onForm={(next) => {
          setSubmitted(null);
          setForm(next);
        }}
        onSubmitted={(sent) => {
          setForm(null);
          setSubmitted(sent);
          void requests.reload();
        }}
        onOpenRequests={onOpenRequests}
      />
    </section>
  );
}
