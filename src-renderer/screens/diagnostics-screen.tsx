// 诊断: the report the hospital's IT or the CA's hotline asks for when a key "does nothing" —
// the module in use and why, every slot, each key's flags and mechanisms, trusted CA files and
// recent error codes. A short summary in the holder's words, then the full text to copy or
// save. The report holds no PIN, secret or document content (src-main/contract/diagnostics-*).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticsReport } from '../../src-main/contract/diagnostics-schemas';
import { diagnosticsText } from '../../src-main/contract/diagnostics-text';
import { saveTextFile } from '../api/save-text-file';
import { ErrorMessage } from '../components/error-message';
import { useHolder } from '../state/holder-context';

type Notice = { kind: 'copied' | 'copy-failed' } | { kind: 'saved'; fileName: string } | null;

const sourceKeys = {
  setting: 'diagnostics.sourceSetting',
  environment: 'diagnostics.sourceEnvironment',
  detected: 'diagnostics.sourceDetected',
} as const;

/** yikey-diagnostics-20261130-081500.txt, in local time so it sorts with the holder's other files. */
function reportFileName(at: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const date = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`;
  const time = `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `yikey-diagnostics-${date}-${time}.txt`;
}

export function DiagnosticsScreen() {
  const { t } = useTranslation();
  const { client } = useHolder();
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const textRef = useRef<HTMLPreElement>(null);

  const load = useCallback(async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setReport(await client.call('diagnostics:get', {}));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, [client]);

  useEffect(() => void load(), [load]);

  const text = report ? diagnosticsText(report) : '';

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setNotice({ kind: 'copied' });
    } catch {
      // No clipboard permission (or an old WebView): select the text so Ctrl+C takes it.
      const selection = window.getSelection();
      if (textRef.current && selection) selection.selectAllChildren(textRef.current);
      setNotice({ kind: 'copy-failed' });
    }
  };

  const save = (): void => {
    const fileName = reportFileName(new Date());
    saveTextFile(fileName, text);
    setNotice({ kind: 'saved', fileName });
  };

  const keys = report?.slots.filter((slot) => slot.token !== null).length ?? 0;
  return (
    <section
      className="panel panel-wide"
      aria-labelledby="diagnostics-title"
      data-testid="diagnostics-screen"
    >
      <h1 id="diagnostics-title" className="panel-title">
        {t('diagnostics.title')}
      </h1>
      <p>{t('diagnostics.intro')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={!report}
          onClick={() => void copy()}
        >
          {t('diagnostics.copy')}
        </button>
        <button type="button" className="button" disabled={!report} onClick={save}>
          {t('diagnostics.save')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void load()}>
          {t('diagnostics.refresh')}
        </button>
      </div>
      <div role="status">
        {busy && <p>{t('diagnostics.loading')}</p>}
        {notice?.kind === 'copied' && <p className="message message-success">{t('diagnostics.copied')}</p>}
        {notice?.kind === 'copy-failed' && (
          <p className="message message-warning">{t('diagnostics.copyFailed')}</p>
        )}
        {notice?.kind === 'saved' && (
          <p className="message message-success">{t('diagnostics.saved', { fileName: notice.fileName })}</p>
        )}
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {report && (
        <>
          <dl className="card-facts" data-testid="diagnostics-summary">
            <dt>{t('diagnostics.module')}</dt>
            <dd>{report.module ? <code>{report.module.path}</code> : t('diagnostics.noModule')}</dd>
            {report.module && (
              <>
                <dt>{t('diagnostics.source')}</dt>
                <dd>{t(sourceKeys[report.module.source])}</dd>
              </>
            )}
            <dt>{t('diagnostics.slots')}</dt>
            <dd>{t('diagnostics.slotCount', { count: report.slots.length, keys })}</dd>
          </dl>
          {report.moduleError && <ErrorMessage error={report.moduleError} />}
          <h2 className="section-title">{t('diagnostics.report')}</h2>
          <pre className="diagnostics-text" ref={textRef} tabIndex={0} data-testid="diagnostics-text">
            {text}
          </pre>
        </>
      )}
    </section>
  );
}
