// 复制证书信息: one button that puts the key's and certificate's public facts on the clipboard,
// so a holder on the phone with the helpdesk can paste them instead of reading serials aloud.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';
import { certificateInfoText } from './certificate-info-text';

export function CopyCertificateInfo(props: {
  keyInfo: { label: string; serial: string };
  entries: CertificateEntryView[];
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(certificateInfoText(t, props.keyInfo, props.entries));
      setState('copied');
    } catch {
      // No clipboard (permission refused, insecure context): say so rather than pretend.
      setState('failed');
    }
  };
  return (
    <span className="copy-info">
      <button
        type="button"
        className="button"
        onClick={() => void copy()}
        data-testid="copy-certificate-info"
      >
        {t('copyInfo.button')}
      </button>
      <span role="status" className="copy-info-status">
        {state === 'copied' && t('copyInfo.copied')}
        {state === 'failed' && t('copyInfo.failed')}
      </span>
    </span>
  );
}
