// 导出PEM / 导出DER with a plain word on what the two formats are, and a confirmation of the
// file name that was saved. The page cannot know where the browser put the download, so it
// names the file and points to the download folder (in the desktop app: where the holder chose).
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../../src-main/contract/holder-api-schemas';
import { downloadFile } from '../api/bytes';
import { findPreloadBridge } from '../api/ipc-transport';
import { useHolder } from '../state/holder-context';
import { JargonExplainer } from './jargon-explainer';

export function CertificateExportButtons(props: {
  certificate: CertificateView;
  onError: (error: unknown) => void;
  /** The card's other actions, kept after the export buttons in the tab order. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const [saved, setSaved] = useState<string | null>(null);
  const exportAs = async (format: 'pem' | 'der'): Promise<void> => {
    props.onError(null);
    setSaved(null);
    try {
      const file = await client.call('certs:export', {
        sha256Fingerprint: props.certificate.sha256Fingerprint,
        format,
      });
      downloadFile(file.fileName, file.mediaType, file.contentBase64);
      setSaved(file.fileName);
    } catch (caught) {
      props.onError(caught);
    }
  };
  const where = findPreloadBridge() ? 'certs.exportedDesktop' : 'certs.exported';
  return (
    <>
      <button type="button" className="button" onClick={() => void exportAs('pem')}>
        {t('certs.exportPem')}
      </button>
      <button type="button" className="button" onClick={() => void exportAs('der')}>
        {t('certs.exportDer')}
      </button>
      {props.children}
      <div className="export-notes">
        {/* A polite live region, not role=status: the card's 复制证书信息 owns its one status. */}
        <p className="export-saved" aria-live="polite" aria-atomic="true" data-testid="export-saved">
          {saved && t(where, { name: saved })}
        </p>
        <JargonExplainer text={t('jargon.pemDer')} testId="export-jargon" />
      </div>
    </>
  );
}
