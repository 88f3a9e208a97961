// Key present, not logged in. Reads the PIN flags first: locked → explain PIN unlock by the
// CA, whom to call, a copy of the key's facts for them and the way to 验证签名, and no field; PIN pad → no field, the holder types on the reader; final try and
// count low → say so before the holder types. The typed PIN is cleared on every submit.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnlockView } from '../../src-main/contract/pin-unlock';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { CopyCertificateInfo } from '../components/copy-certificate-info';
import { ErrorMessage } from '../components/error-message';
import { HelpdeskContact } from '../components/helpdesk-contact';
import { KeyCertificatesSummary } from '../components/key-certificates-summary';
import { KeyIdentity } from '../components/key-identity';
import type { Page } from '../components/navigation-bar';
import { PinField } from '../components/pin-field';
import { PinStatusNote } from '../components/pin-status-note';
import { PinUnlockFlow } from '../components/pin-unlock-flow';
import { useHolder } from '../state/holder-context';
import type { LockReason } from '../state/use-holder-state';

export function LoginScreen(props: {
  token: TokenSummary;
  justActivated: boolean;
  /** The login with the new PIN right after activation did not work: why (the PIN is set). */
  activationLoginError: unknown;
  /** Why the holder was last logged out, if it happened in this window. */
  lockReason: LockReason | null;
  /** Opens a page that needs no login (the locked screen links to 验证签名). */
  onOpen: (page: Page) => void;
}) {
  const { t } = useTranslation();
  const { client, refresh, certificates } = useHolder();
  const { token } = props;
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(props.activationLoginError);
  const [unlocking, setUnlocking] = useState(false);
  // An unlock of this key still under way (asked for before a restart): the screen continues it.
  const [openUnlock, setOpenUnlock] = useState<UnlockView | null>(null);
  useEffect(() => {
    if (!token.pin.locked) return;
    let current = true;
    client.call('unlock:list', {}).then(
      (list) => {
        const open = list.unlocks.find(
          (candidate) =>
            candidate.tokenSerial === token.serial &&
            !['completed', 'rejected', 'failed'].includes(candidate.stage),
        );
        if (current && open) setOpenUnlock(open);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, token.pin.locked, token.serial]);
  const wrongPin = error !== null && YiKeyError.from(error).code === 'pin-incorrect';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const typed = pin;
    setPin('');
    setBusy(true);
    setError(null);
    try {
      await client.call(
        'session:login',
        token.pin.pinPad ? { slotId: token.slotId } : { slotId: token.slotId, pin: typed },
      );
    } catch (caught) {
      setError(caught);
      // Keyboard users stay in the PIN field after a wrong PIN.
      document.querySelector<HTMLInputElement>('input[name="pin"]')?.focus();
    } finally {
      setBusy(false);
      // Success shows the main screen; failure updates the tries-left flags.
      await refresh();
    }
  };

  return (
    <section className="panel" aria-labelledby="login-title" data-testid="login-screen">
      <h1 id="login-title" className="panel-title">
        {token.pin.locked ? t('login.lockedTitle') : t('login.title')}
      </h1>
      <KeyIdentity token={token} />
      {/* A locked PIN comes first: a renewal reminder above it would be read as the problem. */}
      {token.pin.locked && (
        <div className="message message-danger" role="alert" data-testid="pin-locked">
          {t('login.lockedBody')}
        </div>
      )}
      <KeyCertificatesSummary token={token} />
      {token.pin.locked && (unlocking || openUnlock) ? (
        <PinUnlockFlow
          key={openUnlock?.id ?? 'new'}
          token={token}
          resumed={openUnlock}
          onCancel={() => {
            setUnlocking(false);
            setOpenUnlock(null);
          }}
        />
      ) : token.pin.locked ? (
        // Not a dead end: whom to call, what to tell them, and what still works without the PIN.
        <div className="locked-help">
          <h2 className="section-title">{t('helpdesk.title')}</h2>
          <HelpdeskContact />
          <div className="link-row">
            <button type="button" className="link-button" onClick={() => setUnlocking(true)}>
              {t('unlock.start')}
            </button>
            <CopyCertificateInfo
              keyInfo={token}
              entries={certificates?.certificates.filter((entry) => entry.slotId === token.slotId) ?? []}
            />
            <button type="button" className="link-button" onClick={() => props.onOpen('verify')}>
              {t('login.verifyLink')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)}>
          {props.justActivated && (
            <p className="message message-success" data-testid="just-activated">
              {t(props.activationLoginError ? 'login.activatedLoginFailed' : 'login.activated')}
            </p>
          )}
          {props.lockReason === 'holder' && !props.justActivated && (
            <p className="message" role="status" data-testid="logged-out">
              {t('login.locked')}
            </p>
          )}
          {props.lockReason === 'idle' && !props.justActivated && (
            <p className="message" role="status" data-testid="auto-locked">
              {t('login.autoLocked')}
            </p>
          )}
          {/* On a PIN pad the pad prompt below says it all; "enter your PIN here" would mislead. */}
          {!token.pin.pinPad && <p>{t('login.intro')}</p>}
          {/* After a wrong PIN the error already says what the note would: one message, not two.
              The final-try warning stays: it explains what a locked key means. */}
          {(!wrongPin || token.pin.finalTry || token.pin.triesLeft === 1) && (
            <PinStatusNote pin={token.pin} />
          )}
          {token.pin.pinPad ? (
            <p className="message" role="status">
              {busy ? t('login.pinPadWaiting') : t('login.pinPad')}
            </p>
          ) : (
            <PinField name="pin" label={t('login.pin')} value={pin} onChange={setPin} autoFocus />
          )}
          <ErrorMessage error={error} />
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || (!token.pin.pinPad && pin === '')}
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
          {/* Verifying needs no PIN: reachable while a key is in, not only without one. */}
          <div className="link-row">
            <button type="button" className="link-button" onClick={() => props.onOpen('verify')}>
              {t('login.verifyLink')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
