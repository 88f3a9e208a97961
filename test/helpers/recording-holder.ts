// A holder façade and settings service that only record what reached them, for unit tests of
// the doors (IPC, transports) in front of the real dispatcher. Listing keys and logging in
// answer like one inserted key; every other call is recorded and then refused with a
// device-error, a code the dispatcher never produces by itself, so a test can tell "reached
// the holder" from "stopped at the door".
import { EventEmitter } from 'node:events';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { YiKeyError } from '../../src-main/contract/yikey-error';
import type { HolderEvent } from '../../src-main/holder/holder-service';
import { tokenSummary } from './token-summary';
import type { BridgeControl } from '../../src-main/holder-api/bridge-control';
import type { HolderPort } from '../../src-main/holder-api/holder-port';
import type { RequestsService } from '../../src-main/holder-api/requests-service';
import type { SettingsService } from '../../src-main/holder-api/settings-service';

export type RecordedCall = [name: string, ...args: unknown[]];

export const recordedToken: TokenSummary = tokenSummary({
  label: 'YiKey-Demo',
  serial: '0123456789abcdef',
  manufacturer: 'YiKey vUSBKEY',
  model: 'vusbkey',
  loggedIn: true,
  pin: { minLength: 6 },
});

export const reachedMarker = 'reached the recording holder';

export function createRecordingHolder() {
  const calls: RecordedCall[] = [];
  const events = new EventEmitter();
  const refuse = (name: string, ...args: unknown[]): Promise<never> => {
    calls.push([name, ...args]);
    return Promise.reject(new YiKeyError('device-error', reachedMarker));
  };
  const holder: HolderPort = {
    listTokens: () => {
      calls.push(['listTokens']);
      return Promise.resolve([recordedToken]);
    },
    login: (slotId, pin) => {
      calls.push(['login', slotId, pin]);
      return Promise.resolve();
    },
    listAll: () => refuse('listAll'),
    logout: (slotId) => refuse('logout', slotId),
    logoutAll: () => refuse('logoutAll'),
    changePin: (slotId, oldPin, newPin) => refuse('changePin', slotId, oldPin, newPin),
    sign: (request) => refuse('sign', request),
    signEach: (request) => refuse('signEach', request),
    signingCertificateFor: (fingerprint) => refuse('signingCertificateFor', fingerprint),
    verify: (request) => refuse('verify', request),
    certificateDer: (fingerprint) => refuse('certificateDer', fingerprint),
    certificateChain: (fingerprint) => refuse('certificateChain', fingerprint),
    diagnostics: () => refuse('diagnostics'),
    onEvent: (listener: (event: HolderEvent) => void) => {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
  };
  const settings: SettingsService = {
    view: () => {
      calls.push(['settings.view']);
      throw new YiKeyError('device-error', reachedMarker);
    },
    update: (patch) => refuse('settings.update', patch),
  } as SettingsService;
  const bridge: BridgeControl = {
    status: () => {
      calls.push(['bridge.status']);
      throw new YiKeyError('device-error', reachedMarker);
    },
    decide: (requestId, approve) => {
      calls.push(['bridge.decide', requestId, approve]);
      throw new YiKeyError('device-error', reachedMarker);
    },
    revoke: (origin) => refuse('bridge.revoke', origin),
    onEvent: () => () => undefined,
  };
  const requests = {
    list: () => {
      calls.push(['requests.list']);
      throw new YiKeyError('device-error', reachedMarker);
    },
    renew: (fingerprint: string) => refuse('requests.renew', fingerprint),
    sync: (id?: string) => refuse('requests.sync', id),
    withdraw: (id: string) => refuse('requests.withdraw', id),
    resubmit: (id: string) => refuse('requests.resubmit', id),
    change: (fingerprint: string) => refuse('requests.change', fingerprint),
    revoke: (fingerprint: string, reason: string) => refuse('requests.revoke', fingerprint, reason),
    reissue: (slotId: string, reference: string, code: string) =>
      refuse('requests.reissue', slotId, reference, code),
    unlocks: {
      start: (slotId: string, reference: string, code: string) =>
        refuse('unlocks.start', slotId, reference, code),
      continue: (id: string, code: string, newPin?: string) => refuse('unlocks.continue', id, code, newPin),
      list: () => {
        calls.push(['unlocks.list']);
        throw new YiKeyError('device-error', reachedMarker);
      },
    },
    onChanged: () => () => undefined,
  } as unknown as RequestsService;
  return {
    holder,
    settings,
    /** Certificate requests (我的申请) as the API sees them. */
    requests,
    /** The EMR bridge as the API sees it (dispatcher.attachBridge). */
    bridge,
    calls,
    /** What the façade would announce, e.g. a key pulled out. */
    emit: (event: HolderEvent): void => void events.emit('event', event),
  };
}
