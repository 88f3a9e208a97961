import { describe, expect, it } from 'vitest';
import { trayLabels } from '../../../src-main/app/tray-labels';
import { deriveTrayState, requestsAwaitingHolder } from '../../../src-main/app/tray-state';
import { certificateEntry, token } from './certificate-fixtures';

describe('deriveTrayState', () => {
  it('says no key when no token is present, whatever the certificates', () => {
    expect(deriveTrayState([], [certificateEntry({ status: 'expired' })])).toEqual({
      key: 'no-key',
      certificateAlert: null,
      requestsToFinish: 0,
    });
  });

  it('says locked or logged in from the tokens', () => {
    expect(deriveTrayState([token()], []).key).toBe('locked');
    expect(deriveTrayState([token(), token({ slotId: '2', loggedIn: true })], []).key).toBe('logged-in');
  });

  it('picks the most urgent holder certificate and ignores CA certificates and unreadable entries', () => {
    const state = deriveTrayState(
      [token()],
      [
        certificateEntry({ status: 'expiring', daysLeft: 20, commonName: 'A', sha256Fingerprint: '1' }),
        certificateEntry({ status: 'expiring', daysLeft: 5, commonName: 'B', sha256Fingerprint: '2' }),
        certificateEntry({ status: 'expired', daysLeft: 0, isCa: true, sha256Fingerprint: '3' }),
        { ...certificateEntry(), readable: false, reason: 'bad DER' } as never,
      ],
    );
    expect(state.certificateAlert).toEqual({ status: 'expiring', commonName: 'B', daysLeft: 5 });
  });

  it('ranks expired above expiring', () => {
    const state = deriveTrayState(
      [token()],
      [
        certificateEntry({ status: 'expiring', daysLeft: 1, sha256Fingerprint: '1' }),
        certificateEntry({ status: 'expired', daysLeft: 0, commonName: 'Old', sha256Fingerprint: '2' }),
      ],
    );
    expect(state.certificateAlert?.status).toBe('expired');
  });
});

describe('trayLabels', () => {
  it('speaks Chinese by default and English on request', () => {
    const state = deriveTrayState([token()], [certificateEntry({ status: 'expiring', daysLeft: 7 })]);
    const chinese = trayLabels(state, 'zh-CN');
    expect(chinese.status).toBe('医钥：已锁定');
    expect(chinese.alert).toContain('7');
    // One term for renewal everywhere (banner, tray, notifications): 续期, never 更新.
    expect(chinese.alert).toContain('续期');
    expect(
      trayLabels({ ...state, certificateAlert: { ...state.certificateAlert!, status: 'expired' } }, 'zh-CN')
        .alert,
    ).toContain('续期');
    const english = trayLabels(state, 'en');
    expect(english.status).toBe('YiKey: locked');
    expect(english.alert).toContain('7 days left');
    expect(trayLabels({ key: 'no-key', certificateAlert: null, requestsToFinish: 0 }, 'en').alert).toBeNull();
  });

  it('has a line for approved requests that wait for the holder, none when there are none', () => {
    const state = deriveTrayState([token()], [], 2);
    expect(trayLabels(state, 'zh-CN').requests).toBe('有 2 项申请已获批准，等您完成：请打开医钥');
    expect(trayLabels(state, 'en').requests).toBe('2 approved requests wait for you: open YiKey');
    expect(trayLabels({ ...state, requestsToFinish: 1 }, 'en').requests).toBe(
      '1 approved request waits for you: open YiKey',
    );
    expect(trayLabels({ ...state, requestsToFinish: 0 }, 'zh-CN').requests).toBeNull();
  });
});

describe('requestsAwaitingHolder', () => {
  it('counts certificates to install and approved unlocks, not requests still under review or ended', () => {
    const requests = (
      [
        'submitted',
        'unit-review',
        'ready-to-install',
        'installing',
        'completed',
        'rejected',
        'ready-to-install',
      ] as const
    ).map((progress) => ({ progress }));
    const unlocks = (['waiting', 'approved', 'unlocking', 'completed'] as const).map((stage) => ({ stage }));
    expect(requestsAwaitingHolder(requests, unlocks)).toBe(3);
    expect(requestsAwaitingHolder([], [])).toBe(0);
  });
});
