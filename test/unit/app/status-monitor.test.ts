import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReminderLog } from '../../../src-main/app/certificate-reminders';
import type { DesktopNotification } from '../../../src-main/app/notification-text';
import { StatusMonitor } from '../../../src-main/app/status-monitor';
import type { TrayState } from '../../../src-main/app/tray-state';
import type { ResponseResult } from '../../../src-main/contract/holder-api-wire';
import type { ApiEvent } from '../../../src-main/holder-api/event-translation';
import { certificateEntry, token } from './certificate-fixtures';

function setUp(outputs: Record<string, unknown>) {
  let emit: (event: ApiEvent) => void = () => undefined;
  const dispatcher = {
    dispatch: vi.fn((method: unknown): Promise<ResponseResult> =>
      Promise.resolve(
        Object.hasOwn(outputs, String(method))
          ? { ok: true, output: outputs[String(method)] }
          : { ok: false, error: { code: 'internal-error', message: 'no' } },
      ),
    ),
    onEvent: vi.fn((listener: (event: ApiEvent) => void) => {
      emit = listener;
      return () => undefined;
    }),
  };
  let saved: ReminderLog = {};
  const reminders = {
    load: vi.fn(() => Promise.resolve(saved)),
    save: vi.fn((log: ReminderLog) => ((saved = log), Promise.resolve())),
  };
  const trays: TrayState[] = [];
  const notifications: DesktopNotification[] = [];
  const monitor = new StatusMonitor({
    dispatcher,
    reminders,
    now: () => new Date(2025, 5, 1, 9),
    showTray: (state) => trays.push(state),
    notify: (notification) => notifications.push(notification),
  });
  return { monitor, trays, notifications, reminders, dispatcher, emit: (event: ApiEvent) => emit(event) };
}

let running: StatusMonitor | undefined;
afterEach(() => running?.stop());

describe('StatusMonitor', () => {
  it('shows the tray state and sends due reminders once', async () => {
    const context = setUp({
      'settings:get': { language: 'en' },
      'tokens:list': { tokens: [token({ loggedIn: true })] },
      'certs:list': {
        certificates: [certificateEntry({ status: 'expiring', daysLeft: 3 })],
        keysWithoutCertificate: [],
        renewalWindowDays: 30,
      },
    });
    await context.monitor.refresh();
    await context.monitor.refresh();
    expect(context.trays.at(-1)).toEqual({
      key: 'logged-in',
      certificateAlert: { status: 'expiring', commonName: '张医生', daysLeft: 3 },
      requestsToFinish: 0,
    });
    expect(context.notifications).toEqual([expect.objectContaining({ title: 'Certificate expiring soon' })]);
    expect(context.reminders.save).toHaveBeenCalledOnce();
  });

  it('counts approved requests that wait for the holder into the tray state', async () => {
    const context = setUp({
      'tokens:list': { tokens: [token({ loggedIn: true })] },
      'requests:list': {
        requests: [{ progress: 'ready-to-install' }, { progress: 'unit-review' }],
        offers: [],
        unreadable: 0,
        backendConfigured: true,
      },
      'unlock:list': { unlocks: [{ stage: 'approved' }] },
    });
    await context.monitor.refresh();
    expect(context.trays.at(-1)?.requestsToFinish).toBe(2);
  });

  it('shows no key when the holder API fails, in Chinese by default', async () => {
    const context = setUp({});
    await context.monitor.refresh();
    expect(context.trays).toEqual([{ key: 'no-key', certificateAlert: null, requestsToFinish: 0 }]);
    expect(context.notifications).toEqual([]);
  });

  it('announces insertion and removal and refreshes on events', async () => {
    const context = setUp({ 'tokens:list': { tokens: [] } });
    running = context.monitor;
    context.monitor.start(60_000);
    context.emit({ name: 'token:removed', payload: { slotId: '1', at: 't' } });
    await context.monitor.refresh();
    expect(context.notifications).toEqual([expect.objectContaining({ title: '已拔出 USBKEY' })]);
    expect(context.trays.length).toBeGreaterThanOrEqual(2);
  });

  it('tells the desktop when a reviewer moved a request, not when the holder just submitted it', async () => {
    const context = setUp({ 'tokens:list': { tokens: [] }, 'settings:get': { language: 'zh-CN' } });
    running = context.monitor;
    context.monitor.start(60_000);
    const id = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
    context.emit({
      name: 'requests:changed',
      payload: {
        at: 't',
        offersChanged: false,
        changes: [
          { id, kind: 'renew', from: null, to: 'unit-review' },
          { id, kind: 'renew', from: 'issuing', to: 'ready-to-install' },
        ],
      },
    });
    await context.monitor.refresh();
    expect(context.notifications).toEqual([expect.objectContaining({ title: '新证书已可安装' })]);
  });
});
