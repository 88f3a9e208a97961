// PIN码解锁 from the locked-PIN screen: the reference number and authorisation code from the
// unit's certificate administrator → sent, waiting for approval → approved: a new PIN, twice,
// checked against the policy as the holder types → unlocked and logged in. Main keeps the code in
// the OS keychain and asks the backend in the background; this screen follows requests:changed,
// and resumes an open unlock after a restart (`resumed`). Without a keychain the code lives in
// this component while the window waits (and is asked for again with the new PIN after a
// restart); the PINs only until they are sent.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnlockView } from '../../src-main/contract/pin-unlock';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { useHolder } from '../state/holder-context';
import { AuthorisationCodeFields, useAuthorisationCode } from './authorisation-code-fields';
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
  const fields = useAuthorisationCode({ withReference: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!fields.check()) return;
    const typed = fields.code;
    setBusy(true);
    setError(null);
    try {
      const sent = await client.call('unlock:start', {
        slotId: props.token.slotId,
        reference: fields.reference,
        code: typed,
      });
      fields.clearCode();
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
      <AuthorisationCodeFields {...fields.fields} autoFocus />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy || !fields.ready}>
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
  const newPin = useNewPin(props.token.pin);
  const code = useAuthorisationCode({ withReference: false });
  const canSubmit = !props.busy && newPin.ready && (!props.askCode || code.ready);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!canSubmit) return;
    const chosen = newPin.newPin;
    const typedCode = props.askCode ? code.code : undefined;
    newPin.clear();
    code.clearCode();
    void props.onSubmit(chosen, typedCode);
  };

  return (
    <form className="form" onSubmit={submit} data-testid="unlock-new-pin">
      <h2 className="section-title">{t('unlock.approvedTitle')}</h2>
      <p>{t('unlock.approved')}</p>
      {props.askCode && <AuthorisationCodeFields {...code.fields} />}
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
