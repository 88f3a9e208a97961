// The renderer's picture of the holder's keys: connection, tokens, certificates and settings.
// Events from main (insert, remove, lock, host restart) trigger an immediate refresh
// (holder-refresher.ts); a slow poll of tokens:list is the safety net if an event is missed. A removed key disappears
// from state at once, before any round-trip, so the PIN screen (and any typed PIN) goes away.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HolderApiEventPayload } from '../../src-main/contract/holder-api';
import { createHolderApiClient, type HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { CertificateList, Settings } from '../../src-main/contract/holder-api-schemas';
import type { TokenSummary } from '../../src-main/contract/token-types';
import type { YiKeyError } from '../../src-main/contract/yikey-error';
import { connectHolderTransport } from '../api/connect-transport';
import { createHolderRefresher, type HolderRefresher } from './holder-refresher';
import type { ConnectionState } from '../api/websocket-transport';

export type HolderConnection = ConnectionState | 'no-secret';
export type LockReason = HolderApiEventPayload<'session:locked'>['reason'];

export interface HolderState {
  connection: HolderConnection;
  client: HolderApiClient | null;
  /** null until the first answer arrives. */
  tokens: TokenSummary[] | null;
  tokensError: YiKeyError | null;
  certificates: CertificateList | null;
  settings: Settings | null;
  /** Bumped on every lock; screens holding secrets reset when it changes. */
  lockCount: number;
  lastLockReason: LockReason | null;
  refresh: () => Promise<void>;
  setSettings: (settings: Settings) => void;
}

const fallbackPollMs = 1_500;

export function useHolderState(onSettings: (settings: Settings) => void): HolderState {
  const [connection, setConnection] = useState<HolderConnection>('connecting');
  const [client, setClient] = useState<HolderApiClient | null>(null);
  const [tokens, setTokens] = useState<TokenSummary[] | null>(null);
  const [tokensError, setTokensError] = useState<YiKeyError | null>(null);
  const [certificates, setCertificates] = useState<CertificateList | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [lockCount, setLockCount] = useState(0);
  const [lastLockReason, setLastLockReason] = useState<LockReason | null>(null);
  const refresher = useRef<HolderRefresher | null>(null);
  const onSettingsRef = useRef(onSettings);
  onSettingsRef.current = onSettings;

  useEffect(() => {
    let refreshNow: HolderRefresher['refresh'] = async () => undefined;
    let readyClient: HolderApiClient | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    const transport = connectHolderTransport((state) => {
      setConnection(state);
      if (state !== 'ready' || !readyClient) return;
      // If the settings cannot be read, the app runs on the defaults (app.tsx arms the idle
      // lock with the default time): a settings failure must never leave a login unguarded.
      readyClient.call('settings:get', {}).then(
        (loaded) => {
          setSettings(loaded);
          onSettingsRef.current(loaded);
        },
        () => undefined,
      );
      void refreshNow(true);
      // A reconnect reaches 'ready' again: one poll, not one per connection.
      if (poll) clearInterval(poll);
      poll = setInterval(() => void refreshNow(false), fallbackPollMs);
    });
    if (!transport) {
      setConnection('no-secret');
      return;
    }
    const api = createHolderApiClient(transport);
    readyClient = api;
    setClient(api);
    refresher.current = createHolderRefresher(api, { setTokens, setTokensError, setCertificates });
    refreshNow = refresher.current.refresh;
    const lock = (reason: LockReason): void => {
      setLastLockReason(reason);
      setLockCount((count) => count + 1);
    };
    const unsubscribers = [
      api.on('token:removed', ({ slotId }) => {
        setTokens((current) => current?.filter((token) => token.slotId !== slotId) ?? current);
        lock('token-removed');
        void refreshNow(true);
      }),
      api.on('token:inserted', () => void refreshNow(true)),
      api.on('session:locked', ({ reason }) => {
        lock(reason);
        void refreshNow(true);
      }),
      api.on('host:restarted', () => void refreshNow(true)),
    ];
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      if (poll) clearInterval(poll);
      transport.close();
    };
  }, []);

  const refresh = useCallback(async () => {
    await refresher.current?.refresh(true);
  }, []);

  return {
    connection,
    client,
    tokens,
    tokensError,
    certificates,
    settings,
    lockCount,
    lastLockReason,
    refresh,
    setSettings,
  };
}
