// A website's request through the EMR bridge, in YiKey's own window: the origin large and plain,
// then what it wants — to be allowed at all (first contact), to log the holder in, or to sign
// records (summary, excerpt or 仅摘要, SHA-256, the signing certificate). The PIN, when the key
// is not logged in yet, is typed here and only here. Escape and 拒绝 refuse; nothing is
// approved by default (the first focus is the PIN field or the dialog itself, never 同意).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BridgeRequestView, ConsentCertificate } from '../../src-main/contract/bridge-consent';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import { useLanguage } from '../state/use-language';
import { ConsentRecord } from './consent-record';
import { ErrorMessage } from './error-message';
import { formatDate } from './format-date';
import { PinField } from './pin-field';

function SignerCertificate({ certificate }: { certificate: ConsentCertificate }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="consent-signer" aria-labelledby="consent-signer-title">
      <h3 id="consent-signer-title" className="consent-record-heading">
        {t('bridge.signer.title')}
      </h3>
      <dl className="consent-facts">
        <dt>{t('bridge.signer.holder')}</dt>
        <dd data-testid="consent-signer">{certificate.commonName ?? '—'}</dd>
        {certificate.organization && (
          <>
            <dt>{t('bridge.signer.unit')}</dt>
            <dd>{certificate.organization}</dd>
          </>
        )}
        <dt>{t('bridge.signer.serial')}</dt>
        <dd>
          <code>{certificate.serialNumber}</code>
        </dd>
        <dt>{t('bridge.signer.validUntil')}</dt>
        <dd>{formatDate(certificate.notAfter, language)}</dd>
      </dl>
    </section>
  );
}

const armingDelayMs = 700;

function titleOf(request: BridgeRequestView, t: TFunction): string {
  if (request.kind === 'first-contact') return t('bridge.firstContact.title');
  if (request.kind === 'login') return t('bridge.login.title');
  return request.batch
    ? t('bridge.sign.titleBatch', { count: request.items.length })
    : t('bridge.sign.title');
}

export function BridgeRequestDialog({
  request,
  client,
}: {
  request: BridgeRequestView;
  client: HolderApiClient;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pinMissing, setPinMissing] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const typesPin = request.kind !== 'first-contact' && request.needsLogin && !request.pinPad;
  // A request that appears under the pointer (the previous one just ended) cannot be approved by
  // a click meant for the one before: 同意 arms only after a short pause, as browsers' own prompts do.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setArmed(true), armingDelayMs);
    return () => window.clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (!typesPin) dialog.current?.focus();
  }, [request.requestId, typesPin]);

  const decide = async (approve: boolean): Promise<void> => {
    setError(null);
    if (approve && !armed) return;
    if (approve && typesPin && pin === '') {
      setPinMissing(true);
      return;
    }
    setBusy(true);
    try {
      if (approve && request.kind !== 'first-contact' && request.needsLogin) {
        const typed = pin;
        setPin('');
        await client.call(
          'session:login',
          request.pinPad ? { slotId: request.slotId } : { slotId: request.slotId, pin: typed },
        );
      }
      await client.call('bridge:decide', { requestId: request.requestId, approve });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void decide(true);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      void decide(false);
    }
  };

  const lead =
    request.kind === 'first-contact'
      ? t('bridge.firstContact.lead')
      : request.kind === 'login'
        ? t('bridge.login.lead')
        : t('bridge.sign.lead');
  const approveLabel =
    request.kind === 'first-contact'
      ? t('bridge.firstContact.allow')
      : request.kind === 'login'
        ? t('bridge.login.approve')
        : request.batch
          ? t('bridge.sign.approveBatch', { count: request.items.length })
          : t('bridge.sign.approve');

  return (
    <div className="bridge-overlay">
      <div
        ref={dialog}
        className="bridge-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="bridge-dialog-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="bridge-dialog"
        data-kind={request.kind}
      >
        <h2 id="bridge-dialog-title" className="bridge-dialog-title">
          {titleOf(request, t)}
        </h2>
        <p>{lead}</p>
        <p className="bridge-origin" data-testid="bridge-origin">
          {request.origin}
        </p>
        {request.kind === 'first-contact' && <p>{t('bridge.firstContact.body')}</p>}
        {request.kind === 'sign' && (
          <div
            className="consent-records"
            // Scrollable when long (a batch): reachable and scrollable by keyboard.
            tabIndex={0}
            role="region"
            aria-label={titleOf(request, t)}
          >
            {request.items.map((item, index) => (
              <ConsentRecord
                key={`${item.summary.documentId}-${index}`}
                item={item}
                {...(request.batch ? { heading: t('bridge.sign.item', { number: index + 1 }) } : {})}
              />
            ))}
          </div>
        )}
        {request.kind !== 'first-contact' && <SignerCertificate certificate={request.certificate} />}
        <form className="form" noValidate onSubmit={submit}>
          {typesPin && (
            <PinField
              name="bridge-pin"
              label={t('bridge.pin.label')}
              hint={t('bridge.pin.hint')}
              value={pin}
              onChange={(value) => {
                setPin(value);
                setPinMissing(false);
              }}
              autoFocus
              invalid={pinMissing}
            />
          )}
          {pinMissing && (
            <p className="field-problem" role="alert">
              {t('bridge.pin.missing')}
            </p>
          )}
          {request.kind !== 'first-contact' && request.needsLogin && request.pinPad && (
            <p>{t('bridge.pin.pinPad')}</p>
          )}
          <p className="field-hint">
            {t('bridge.deadline', { time: formatDate(request.expiresAt, language, true) })}
          </p>
          <ErrorMessage error={error} />
          <div className="bridge-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !armed}
              data-testid="bridge-approve"
            >
              {busy ? t('bridge.working') : approveLabel}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void decide(false)}
              data-testid="bridge-refuse"
            >
              {request.kind === 'first-contact' ? t('bridge.firstContact.refuse') : t('bridge.sign.refuse')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
