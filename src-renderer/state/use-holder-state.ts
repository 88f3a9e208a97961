// The renderer's picture of the holder's keys: connection, tokens, certificates and settings.
// Events from main (insert, remove, lock, host restart) trigger an immediate refresh; a slow
// poll of tokens:list is the safety net if an event is ever missed. A removed key disappears
// from state at once, before any round-trip, so the PIN screen (and any typed PIN) goes away.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HolderApiEventPayload } from '../../src-main/contract/holder-api';
import { createHolderApiClient, type HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { CertificateList, Settings } from '../../src-main/contract/holder-api-schemas';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import { connectHolderTransport } from '../api/connect-transport';
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
  const refreshSequence = useRef(0);
  /** The token list (as JSON) the certificates on screen were read for. */
  const certificatesKey = useRef('');
  const onSettingsRef = useRef(onSettings);
  onSettingsRef.current = onSettings;

  const refreshWith = useCallback(async (api: HolderApiClient, certificatesToo: boolean) => {
    const sequence = ++refreshSequence.current;
    try {
      const { tokens: latest } = await api.call('tokens:list', {});
      if (sequence !== refreshSequence.current) return;
      const key = JSON.stringify(latest);
      setTokens(latest);
      setTokensError(null);
      if (latest.length === 0) {
        setCertificates(null);
        certificatesKey.current = key;
      } else if (certificatesToo || certificatesKey.current !== key) {
        // Compared with the tokens the shown certificates were read for, not with the last
        // token list: a newer refresh may have overtaken the one that was reading them.
        const listing = await api.call('certs:list', {});
        if (sequence === refreshSequence.current) {
          setCertificates(listing);
          certificatesKey.current = key;
        }
      }
    } catch (error) {
      if (sequence !== refreshSequence.current) return;
      certificatesKey.current = '';
      setTokens([]);
      setCertificates(null);
      setTokensError(YiKeyError.from(error));
    }
  }, []);

  useEffect(() => {
    let api: HolderApiClient | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    const transport = connectHolderTransport((state) => {
      setConnection(state);
      if (state !== 'ready' || !api) return;
      const ready = api;
      void ready.call('settings:get', {}).then((loaded) => {
        setSettings(loaded);
        onSettingsRef.current(loaded);
      });
      void refreshWith(ready, true);
      poll = setInterval(() => void refreshWith(ready, false), fallbackPollMs);
    });
    if (!transport) {
      setConnection('no-secret');
      return;
    }
    api = createHolderApiClient(transport);
    setClient(api);
    const ready = api;
    const lock = (reason: LockReason): void => {
      setLastLockReason(reason);
      setLockCount((count) => count + 1);
    };
    const unsubscribers = [
      api.on('token:removed', ({ slotId }) => {
        setTokens((current) => current?.filter((token) => token.slotId !== slotId) ?? current);
        lock('token-removed');
        void refreshWith(ready, true);
      }),
      api.on('token:inserted', () => void refreshWith(ready, true)),
      api.on('session:locked', ({ reason }) => {
        lock(reason);
        void refreshWith(ready, true);
      }),
      api.on('host:restarted', () => void refreshWith(ready, true)),
    ];
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      if (poll) clearInterval(poll);
      transport.close();
    };
  }, [refreshWith]);

  const refresh = useCallback(async () => {
    if (client) await refreshWith(client, true);
  }, [client, refreshWith]);

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
