// Keeps the tray and the OS notifications in step with the keys: on every contract event and
// on a slow timer it asks the holder API (the same dispatcher the window uses) for tokens and
// certificates, derives the tray state and sends the reminders that are due. Free of Electron:
// the tray and the notifier are passed in, and so is the clock.
import type { Language } from '../contract/error-messages';
import type { CertificateEntryView } from '../contract/holder-api-schemas';
import type { HolderApiInput, HolderApiMethod, HolderApiOutput } from '../contract/holder-api';
import type { HolderApiDispatcher } from '../holder-api/dispatcher';
import { requestChangeNotice } from '../contract/request-notice-text';
import { dueCertificateReminders } from './certificate-reminders';
import {
  certificateReminderNotification,
  keyChangeNotification,
  type DesktopNotification,
} from './notification-text';
import type { ReminderStore } from './reminder-store';
import { deriveTrayState, requestsAwaitingHolder, type TrayState } from './tray-state';

export interface StatusMonitorOptions {
  dispatcher: Pick<HolderApiDispatcher, 'dispatch' | 'onEvent'>;
  reminders: ReminderStore;
  now: () => Date;
  showTray: (state: TrayState, language: Language) => void;
  notify: (notification: DesktopNotification) => void;
}

export class StatusMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: StatusMonitorOptions) {}

  start(intervalMs: number): void {
    this.unsubscribe = this.options.dispatcher.onEvent((event) => {
      if (event.name === 'token:inserted' || event.name === 'token:removed') {
        const change = event.name === 'token:inserted' ? 'inserted' : 'removed';
        void this.language().then((language) => this.options.notify(keyChangeNotification(change, language)));
      }
      if (event.name === 'requests:changed') {
        // A reviewer acted while YiKey may sit in the tray: the desktop says so (same words as the window).
        const { changes } = event.payload;
        void this.language().then((language) =>
          changes.forEach((change) => {
            const notice = requestChangeNotice(change, language);
            if (notice) this.options.notify(notice);
          }),
        );
      }
      void this.refresh();
    });
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    void this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Serialised: a refresh requested while one runs starts after it, never beside it. */
  refresh(): Promise<void> {
    this.running = this.running.then(() => this.refreshOnce()).catch(() => undefined);
    return this.running;
  }

  private async call<M extends HolderApiMethod>(
    method: M,
    input: HolderApiInput<M>,
  ): Promise<HolderApiOutput<M> | null> {
    const result = await this.options.dispatcher.dispatch(method, input);
    return result.ok ? (result.output as HolderApiOutput<M>) : null;
  }

  private async language(): Promise<Language> {
    return (await this.call('settings:get', {}))?.language ?? 'zh-CN';
  }

  private async refreshOnce(): Promise<void> {
    const language = await this.language();
    const tokens = (await this.call('tokens:list', {}))?.tokens ?? [];
    let certificates: CertificateEntryView[] = [];
    if (tokens.length > 0) certificates = (await this.call('certs:list', {}))?.certificates ?? [];
    const requests = (await this.call('requests:list', {}))?.requests ?? [];
    const unlocks = (await this.call('unlock:list', {}))?.unlocks ?? [];
    this.options.showTray(
      deriveTrayState(tokens, certificates, requestsAwaitingHolder(requests, unlocks)),
      language,
    );

    const stored = await this.options.reminders.load();
    const { due, log } = dueCertificateReminders(certificates, stored, this.options.now());
    if (due.length === 0) return;
    // Saved before showing: a crash in between loses a reminder for today rather than
    // repeating it on every restart.
    await this.options.reminders.save(log);
    due.forEach((reminder) => this.options.notify(certificateReminderNotification(reminder, language)));
  }
}
