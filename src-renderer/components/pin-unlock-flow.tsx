// PIN码解锁 from the locked-PIN screen: the reference number and authorisation code from the
// unit's certificate administrator → sent, waiting for approval → approved: a new PIN, twice,
// checked against the policy as the holder types → unlocked and logged in. Main keeps the code in
// the OS keychain and asks the backend in the background; this screen follows requests:changed,
// and resumes an open unlock after a restart (`resumed`). Without a keychain the code lives in
// this component while the window waits (and is asked for again with the new PIN after a
// restart); the PINs only until they are sent.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnlockView } from '../../src-main/contract/pin-unlock';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';
import { ErrorMessage } from './error-message';
import { NewPinFields, useNewPin } from './new-pin-fields';

/** Never more often than every 2 s, never less than every 30 s while the window waits. */
const pollDelayMs = (view: UnlockView): number => {
  const due = view.nextCheckAt ? Date.parse(view.nextCheckAt) - Date.now() : 2_000;
  return Math.min(30_000, Math.max(2_000, Number.isFinite(due) ? due : 2_000));
};

export function PinUnlockFlow(props: {
  token: TokenSummary;
  onCancel: () => void;
  /** An unlock of this key still open (e.g. after a restart): continued instead of a new form. */
  resumed?: UnlockView | null;
}) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const code = useRef('');
  const [view, setView] = useState<UnlockView | null>(props.resumed ?? null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'logging-in' | 'login-failed' | null>(null);
  const [askCode, setAskCode] = useState(false);
  const viewId = view?.id;

  // Main's background round moved it (approved by the unit): read it again.
  useEffect(() => {
    if (!viewId) return;
    return client.on('requests:changed', (event) => {
      if (!event.changes.some((change) => change.id === viewId)) return;
      void client.call('unlock:list', {}).then((list) => {
        const current = list.unlocks.find((candidate) => candidate.id === viewId);
        if (current) setView(current);
      });
    });
  }, [client, viewId]);

  // While the unit reviews and this window holds the code (no keychain needed): ask again when
  // the backend said to. Without it in memory, main's background round asks with the kept code.
  useEffect(() => {
    if (!view || (view.stage !== 'waiting' && view.stage !== 'request-ready') || !code.current) return;
    const timer = setTimeout(() => {
      client.call('unlock:continue', { id: view.id, code: code.current }).then(setView, (caught: unknown) => {
        // Main's background round is asking right now: its answer arrives as requests:changed.
        if (YiKeyError.from(caught).code !== 'request-busy') setError(caught);
      });
    }, pollDelayMs(view));
    return () => clearTimeout(timer);
  }, [client, view]);

  const finish = async (unlocked: UnlockView, newPin: string): Promise<void> => {
    setView(unlocked);
    if (unlocked.stage !== 'completed') return;
    code.current = '';
    setDone('logging-in');
    try {
      await client.call('session:login', { slotId: props.token.slotId, pin: newPin });
    } catch {
      setDone('login-failed');
    }
    await refresh();
  };

  if (done)
    return (
      <p className="message message-success" role="status" data-testid="unlock-done">
        {t(done === 'logging-in' ? 'unlock.done' : 'unlock.doneLoginFailed')}
      </p>
    );
  if (!view || view.stage === 'rejected' || view.stage === 'failed')
    return (
      <UnlockRequestForm
        token={props.token}
        rejected={view}
        onCancel={props.onCancel}
        onSent={(typedCode, sent) => {
          code.current = typedCode;
          setError(null);
          setView(sent);
        }}
      />
    );
  if (view.stage === 'approved' || view.stage === 'unlocking')
    return (
      <NewPinForm
        token={props.token}
        busy={busy}
        error={error}
        askCode={askCode}
        onSubmit={async (newPin, typedCode) => {
          setBusy(true);
          setError(null);
          if (typedCode) code.current = typedCode;
          try {
            await finish(
              await client.call('unlock:continue', {
                id: view.id,
                ...(code.current ? { code: code.current } : {}),
                newPin,
              }),
              newPin,
            );
          } catch (caught) {
            // No keychain kept it and this window never saw it (a restart): ask for it here.
            if (YiKeyError.from(caught).code === 'request-code-needed') setAskCode(true);
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      />
    );
  return (
    <div className="unlock-waiting" data-testid="unlock-waiting">
      <h2 className="section-title">{t('unlock.waitingTitle')}</h2>
      <p role="status">{t('unlock.waiting')}</p>
      {view.reviewStage && (
        <p data-testid="unlock-stage">
          {t('unlock.waitingStage', { stage: t(`requests.progress.${view.reviewStage}`) })}
        </p>
      )}
      {/* The backend's own words are for the support desk, as an error's code is. */}
      {view.statusText.length > 0 && (
        <details className="error-details" data-testid="unlock-backend-words">
          <summary>{t('errors.details')}</summary>
          <p>{view.statusText.join(' ')}</p>
        </details>
      )}
      {view.problem && <ErrorMessage error={view.problem} headline={t('unlock.problem')} />}
      <ErrorMessage error={error} />
    </div>
  );
}

function UnlockRequestForm(props: {
  token: TokenSummary;
  rejected: UnlockView | null;
  onCancel: () => void;
  onSent: (code: string, view: UnlockView) => void;
}) {
  const { t } = useTranslation();
  const { client } = useHolder();
  const referenceId = useId();
  const codeId = useId();
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [referenceInvalid, setReferenceInvalid] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const typed = code.trim();
    // Said here, next to the field: the backend would only learn of a mistyped number as a wrong code.
    if (!/^\d{1,20}$/.test(reference.trim())) {
      setReferenceInvalid(true);
      document.querySelector<HTMLInputElement>('input[name="reference"]')?.focus();
      return;
    }
    setReferenceInvalid(false);
    setBusy(true);
    setError(null);
    try {
      const sent = await client.call('unlock:start', {
        slotId: props.token.slotId,
        reference: reference.trim(),
        code: typed,
      });
      setCode('');
      props.onSent(typed, sent);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid="unlock-form">
      <h2 className="section-title">{t('unlock.title')}</h2>
      {props.rejected?.stage === 'rejected' && (
        <div className="message message-danger" role="alert" data-testid="unlock-rejected">
          <strong>{t('unlock.rejectedTitle')}</strong>{' '}
          {props.rejected.rejectionReason && t('unlock.rejected', { reason: props.rejected.rejectionReason })}
        </div>
      )}
      {/* Failed is not rejected: the unit approved, but the key refused the unlock material. */}
      {props.rejected?.stage === 'failed' && (
        <ErrorMessage error={props.rejected.problem} headline={t('unlock.failedTitle')} />
      )}
      <p>{t('unlock.intro')}</p>
      <div className="field">
        <label htmlFor={referenceId}>{t('unlock.reference')}</label>
        <input
          id={referenceId}
          name="reference"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={reference}
          aria-invalid={referenceInvalid || undefined}
          aria-describedby={`${referenceId}-hint`}
          onChange={(event) => setReference(event.target.value)}
        />
        <p className="field-hint" id={`${referenceId}-hint`}>
          {t('unlock.referenceHint')}
        </p>
        {referenceInvalid && (
          <p className="field-problem" role="alert" data-testid="reference-invalid">
            {t('unlock.referenceInvalid')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={codeId}>{t('unlock.code')}</label>
        <input
          id={codeId}
          name="code"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={code}
          aria-describedby={`${codeId}-hint`}
          onChange={(event) => setCode(event.target.value)}
        />
        <p className="field-hint" id={`${codeId}-hint`}>
          {t('unlock.codeHint')}
        </p>
      </div>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || reference.trim() === '' || code.trim() === ''}
        >
          {busy ? t('unlock.submitting') : t('unlock.submit')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('unlock.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewPinForm(props: {
  token: TokenSummary;
  busy: boolean;
  error: unknown;
  /** The code is needed again (no keychain kept it): one more field. */
  askCode: boolean;
  onSubmit: (newPin: string, code?: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const codeId = useId();
  const newPin = useNewPin(props.token.pin);
  const [code, setCode] = useState('');
  const canSubmit = !props.busy && newPin.ready && (!props.askCode || code.trim() !== '');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!canSubmit) return;
    const chosen = newPin.newPin;
    const typedCode = props.askCode ? code.trim() : undefined;
    newPin.clear();
    setCode('');
    void props.onSubmit(chosen, typedCode);
  };

  return (
    <form className="form" onSubmit={submit} data-testid="unlock-new-pin">
      <h2 className="section-title">{t('unlock.approvedTitle')}</h2>
      <p>{t('unlock.approved')}</p>
      {props.askCode && (
        <div className="field">
          <label htmlFor={codeId}>{t('unlock.code')}</label>
          <input
            id={codeId}
            name="code"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </div>
      )}
      <NewPinFields {...newPin.fields} autoFocus />
      {props.busy && (
        <p className="message" role="status">
          {t('unlock.setting')}
        </p>
      )}
      <ErrorMessage error={props.error} />
      <button type="submit" className="button button-primary" disabled={!canSubmit}>
        {t('unlock.setPin')}
      </button>
    </form>
  );
}
