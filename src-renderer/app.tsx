// Chooses the screen from the holder's state: connection problems, no key, PIN locked or to be
// changed, login, and — once logged in — the holder's functions behind a navigation bar.
// Settings, verification and diagnostics need no login and are reachable from the no-key screen too.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../src-main/contract/holder-api-schemas';
import { settingLimits } from '../src-main/contract/holder-settings';
import type { TokenSummary } from '../src-main/contract/token-types';
import { idleIsDesktopWide } from './api/connect-transport';
import { AppHeader } from './components/app-header';
import { BridgeRequestDialog } from './components/bridge-request-dialog';
import { BridgeRequestEnded } from './components/bridge-request-ended';
import { IdleWarning } from './components/idle-warning';
import { KeySwitcher } from './components/key-switcher';
import { NavigationBar, type Page } from './components/navigation-bar';
import { RequestNotices } from './components/request-notices';
import { SigningInterruptedPanel } from './components/signing-interrupted-panel';
import { switchLanguage } from './i18n/i18n';
import { ActivationScreen } from './screens/activation-screen';
import { CertificatesScreen } from './screens/certificates-screen';
import { ChangePinScreen } from './screens/change-pin-screen';
import { ConnectionScreen } from './screens/connection-screen';
import { DiagnosticsScreen } from './screens/diagnostics-screen';
import { LoginScreen } from './screens/login-screen';
import { NoKeyScreen } from './screens/no-key-screen';
import { RequestsScreen } from './screens/requests-screen';
import { SettingsScreen } from './screens/settings-screen';
import { SignFilesScreen } from './screens/sign-files-screen';
import { VerifyFileScreen } from './screens/verify-file-screen';
import { chooseActiveKey } from './state/active-key';
import { HolderContext } from './state/holder-context';
import { signingBatch } from './state/signing-batch';
import { useBridgeRequests } from './state/use-bridge-requests';
import { useHolderState } from './state/use-holder-state';
import { useIdleLock } from './state/use-idle-lock';
import { editing, newPinIsSet, type PinChangePhase } from './state/pin-change-phase';

// Decided once: the window never moves between Electron and a browser.
const desktopIdle = idleIsDesktopWide();

/** Pages that need no key: reachable from the no-key screen. */
type KeylessPageName = 'verify' | 'settings' | 'diagnostics';
const isKeylessPage = (page: Page): page is KeylessPageName =>
  page === 'verify' || page === 'settings' || page === 'diagnostics';

function KeylessPage({ page }: { page: KeylessPageName }) {
  if (page === 'diagnostics') return <DiagnosticsScreen />;
  return page === 'verify' ? <VerifyFileScreen /> : <SettingsScreen />;
}

function LoggedInPage({
  page,
  token,
  onOpen,
}: {
  page: Page;
  token: TokenSummary;
  onOpen: (page: Page) => void;
}) {
  switch (page) {
    case 'certificates':
      return <CertificatesScreen onOpenRequests={() => onOpen('requests')} />;
    case 'requests':
      return <RequestsScreen />;
    case 'sign':
      return <SignFilesScreen />;
    case 'change-pin':
      return <ChangePinScreen token={token} />;
    case 'verify':
    case 'settings':
    case 'diagnostics':
      return <KeylessPage page={page} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const applySettings = useCallback((settings: Settings) => switchLanguage(settings.language), []);
  const state = useHolderState(applySettings);
  const [page, setPage] = useState<Page>('certificates');
  // Which key is being (or was) activated, at which lock count, and how far it got: a later
  // lock makes it stale. Kept here because the key stops being "to be changed" mid-way.
  const [activation, setActivation] = useState<{
    serial: string;
    lockCount: number;
    phase: PinChangePhase;
  } | null>(null);
  const [chosenSlotId, setChosenSlotId] = useState<string | null>(null);
  const token = chooseActiveKey(state.tokens ?? [], chosenSlotId);
  // Remember the key in use, so a key plugged in later does not take its place.
  useEffect(() => {
    if (token && token.slotId !== chosenSlotId) setChosenSlotId(token.slotId);
  }, [token, chosenSlotId]);
  const keyIdentity = token ? `${token.slotId}:${token.serial}` : 'none';

  // A new key or a removed key starts over on the main page — except 验证签名, which needs no
  // key: plugging one in must not throw away a verification result the holder is reading.
  useEffect(() => setPage((current) => (current === 'verify' ? current : 'certificates')), [keyIdentity]);
  // A lock always starts over on the main page.
  useEffect(() => setPage('certificates'), [state.lockCount]);
  // Logging out (button or idle) ends the session's work: the file names of a batch must not
  // wait for the next person. A pulled-out key keeps it (签名已中断 shows what was saved).
  useEffect(() => {
    if (state.lastLockReason === 'holder' || state.lastLockReason === 'idle') signingBatch.clear();
  }, [state.lockCount, state.lastLockReason]);
  // A website's request through the EMR bridge waits on top of whatever screen is open.
  const bridgeRequests = useBridgeRequests(state.client, state.connection === 'ready');
  const idleWarning = useIdleLock({
    client: state.client,
    // Fail closed: until (or unless) the settings are read, the default time applies.
    autoLockMinutes: state.settings?.autoLockMinutes ?? settingLimits.autoLockMinutes.default,
    armed: Boolean(token),
    lockCount: state.lockCount,
    source: desktopIdle ? 'desktop' : 'window',
  });

  const thisActivation =
    token && activation?.serial === token.serial && activation.lockCount === state.lockCount
      ? activation
      : null;

  if (state.connection !== 'ready' || !state.client || state.tokens === null) {
    return <ConnectionScreen connection={state.connection} />;
  }

  let body;
  if (!token) {
    body = isKeylessPage(page) ? (
      <KeylessPage page={page} />
    ) : (
      <>
        {/* A key pulled out mid-batch: the signatures already made stay, with why the rest stopped. */}
        <SigningInterruptedPanel />
        <NoKeyScreen onOpen={setPage} />
      </>
    );
  } else if (!token.loggedIn && isKeylessPage(page)) {
    // A key that is in but not logged in (or PIN-locked) leaves the keyless pages open: no dead
    // end. The same element as without a key, so the verify screen and its result stay mounted.
    body = <KeylessPage page={page} />;
  } else if (
    !token.pin.locked &&
    (token.pin.toBeChanged || (!token.loggedIn && thisActivation?.phase.step === 'logging-in'))
  ) {
    body = (
      <ActivationScreen
        key={`${keyIdentity}:${state.lockCount}`}
        token={token}
        phase={thisActivation?.phase ?? editing}
        onPhase={(phase) => setActivation({ serial: token.serial, lockCount: state.lockCount, phase })}
      />
    );
  } else if (!token.loggedIn) {
    body = (
      <LoginScreen
        key={`${keyIdentity}:${state.lockCount}`}
        token={token}
        justActivated={thisActivation !== null && newPinIsSet(thisActivation.phase)}
        activationLoginError={
          thisActivation?.phase.step === 'login-failed' ? thisActivation.phase.error : null
        }
        lockReason={state.lockCount > 0 ? state.lastLockReason : null}
        onOpen={setPage}
      />
    );
  } else {
    body = (
      <>
        {/* Activation logged the holder in with the new PIN: say what happened, once. */}
        {thisActivation?.phase.step === 'activated' && page === 'certificates' && (
          <p className="message message-success activated-note" role="status" data-testid="activated-note">
            {t('activation.done')}
          </p>
        )}
        <LoggedInPage page={page} token={token} onOpen={setPage} />
      </>
    );
  }

  const keyless = !token?.loggedIn;
  const showNavigation = Boolean(token?.loggedIn) || (keyless && isKeylessPage(page));
  const bridgeRequest = bridgeRequests.pending[0];
  return (
    <HolderContext.Provider value={state}>
      {/* While a website's request is open, the app behind it is out of reach (keyboard and screen readers too). */}
      <div className="app-shell" inert={bridgeRequest !== undefined}>
        <BridgeRequestEnded ended={bridgeRequests.lastEnded} />
        <RequestNotices client={state.client} />
        <AppHeader
          anyKeyLoggedIn={state.tokens.some((candidate) => candidate.loggedIn)}
          severalKeys={state.tokens.length > 1}
        />
        {state.tokens.length > 1 && (
          <KeySwitcher tokens={state.tokens} activeSlotId={token?.slotId} onSelect={setChosenSlotId} />
        )}
        {showNavigation && (
          <NavigationBar page={page} onChange={setPage} loggedIn={Boolean(token?.loggedIn)} />
        )}
        <main className="app-main" id="main">
          {body}
        </main>
        {idleWarning && <IdleWarning warning={idleWarning} />}
      </div>
      {bridgeRequest && (
        <BridgeRequestDialog key={bridgeRequest.requestId} request={bridgeRequest} client={state.client} />
      )}
    </HolderContext.Provider>
  );
}
