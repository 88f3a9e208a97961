// The requests:* methods and the background sync while YiKey runs: polls the backend for the
// open requests of logged-in keys when each one's checkAfter is due (never more often than
// every few seconds), looks for renewals the unit applied for, and tells every window when a
// request changed stage (requests:changed). Every journal step runs one at a time here: the
// journal's lock keeps other processes out, not two calls of this one.
import type { CmpEndpoint } from '../cmp/http-transport';
import type {
  ReissueStarted,
  RenewalOfferView,
  RequestChange,
  RequestList,
  RequestProgress,
  RequestView,
  RevocationReasonName,
} from '../contract/certificate-requests';
import { YiKeyError } from '../contract/yikey-error';
import {
  CertificateRequests,
  finalStages,
  RequestJournalReader as CertificateRequestsJournal,
  type SubjectChanges,
} from '../holder/certificate-requests';
import { PerHolder } from './per-holder';
import type { HolderSession } from './holder-session';
import { requestViews } from './requests-view';
import { UnlockService } from './unlock-service';
import { unlockRequestView } from './unlock-request-view';
import { unlockJournal } from '../holder/pin-unlock-requests';

export interface RequestsServiceOptions {
  session: HolderSession;
  dataDirectory: string;
  /** Resolved per message: a changed setting applies at once. Throws backend-not-configured. */
  endpoint: () => CmpEndpoint;
  clock?: () => Date;
  /** The shortest wait between two background rounds (a backend asking for 0 s gets this). */
  minimumIntervalMs?: number;
  /** The longest: also how often a renewal offered by the unit is looked for. */
  maximumIntervalMs?: number;
}

export interface RequestsChanged {
  at: string;
  changes: RequestChange[];
  offersChanged: boolean;
}

export class RequestsService {
  private readonly perHolder: PerHolder<CertificateRequests>;
  private readonly listeners = new Set<(event: RequestsChanged) => void>();
  private readonly seen = new Map<string, RequestProgress>();
  private offers: RenewalOfferView[] = [];
  /** When the unit's offers were last asked for: each ask is a signature on the USBKEY. */
  private offersCheckedAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** When the next background round runs (ms since the epoch). */
  private dueAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private readonly clock: () => Date;

  /** PIN码解锁 (unlock:* methods): same module, journal folder and backend as the requests. */
  readonly unlocks: UnlockService;

  constructor(private readonly options: RequestsServiceOptions) {
    this.unlocks = new UnlockService(options);
    this.perHolder = new PerHolder(
      options.session,
      (holder) =>
        new CertificateRequests(holder, { dataDirectory: options.dataDirectory, endpoint: options.endpoint }),
    );
    this.clock = options.clock ?? (() => new Date());
    for (const view of this.views()) this.seen.set(view.id, view.progress);
  }

  onChanged(listener: (event: RequestsChanged) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): RequestList {
    return {
      requests: this.views(),
      offers: this.offers,
      unreadable: this.journalListing().unreadable.length,
      backendConfigured: this.backendConfigured(),
    };
  }

  renew(fingerprint: string): Promise<RequestView> {
    return this.serially(async () => {
      const record = await this.requests().renew(fingerprint);
      // A renewal the unit offered is taken by this request: the offer is gone.
      this.offers = this.offers.filter((offer) => offer.certificateFingerprint !== fingerprint);
      return this.viewOf(record.id);
    });
  }

  /** 申请变更信息 (needs the PIN session, like renew). */
  change(fingerprint: string, changes: SubjectChanges): Promise<RequestView> {
    return this.serially(async () => this.viewOf((await this.requests().change(fingerprint, changes)).id));
  }

  /** 申请注销 (needs the PIN session, like renew). */
  revoke(fingerprint: string, reason: RevocationReasonName): Promise<RequestView> {
    return this.serially(async () => this.viewOf((await this.requests().revoke(fingerprint, reason)).id));
  }

  withdraw(id: string, code?: string): Promise<RequestView> {
    return this.serially(async () => this.viewOf((await this.requests().withdraw(id, code)).id));
  }

  resubmit(id: string): Promise<RequestView> {
    return this.serially(async () => this.viewOf((await this.requests().resubmit(id)).id));
  }

  /**
   * 补办证书 on the key in `slotId` (logged in): the new key pair and the ir; the code goes to
   * the keychain (codeKept false: none answered, the holder types it again to continue).
   */
  reissue(slotId: string, reference: string, code: string): Promise<ReissueStarted> {
    return this.serially(async () => {
      const started = await this.requests().reissue(slotId, reference, code);
      return { request: this.viewOf(started.record.id), codeKept: started.codeKept };
    });
  }

  /**
   * Asks the backend now; with an id, takes that request all the way (install, 签收) — a
   * re-issue with `code` when no keychain kept it.
   */
  sync(id?: string, code?: string): Promise<RequestList> {
    return this.serially(async () => {
      if (id) await this.requests().advance(id, code === undefined ? {} : { code });
      else await this.round(true);
      return this.list();
    });
  }

  /** Starts the background rounds; the first one soon, so a restart resumes open requests. */
  start(): void {
    this.schedule(this.options.minimumIntervalMs ?? 2_000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.dueAt = this.clock().getTime() + delayMs;
    this.timer = setTimeout(() => {
      this.dueAt = Number.POSITIVE_INFINITY;
      void this.serially(() => this.round())
        .catch(() => undefined)
        .finally(() => this.schedule(this.nextDelayMs()));
    }, delayMs);
    // Never what keeps the process alive: quitting must not wait for the next poll.
    this.timer.unref();
  }

  /** Until the earliest checkAfter of an open request, within the bounds. */
  private nextDelayMs(records = this.journalListing().records): number {
    const minimum = this.options.minimumIntervalMs ?? 2_000;
    const maximum = this.options.maximumIntervalMs ?? 5 * 60_000;
    const now = this.clock().getTime();
    const unlocksWaiting = unlockJournal(this.options.dataDirectory)
      .list()
      .records.filter((record) => record.stage === 'waiting');
    const due = [...records.filter((record) => !finalStages.includes(record.stage)), ...unlocksWaiting].map(
      (record) => (record.nextPollAt ? Date.parse(record.nextPollAt) - now : minimum),
    );
    return Math.min(maximum, Math.max(minimum, Math.min(maximum, ...due)));
  }

  /**
   * One round: open requests of logged-in keys, then the unit's offers (asked by the holder, or
   * at most every maximumIntervalMs in the background), then tell the windows.
   */
  private async round(askedByHolder = false): Promise<void> {
    const requests = this.requestsOrNull();
    if (!requests || !this.backendConfigured()) return this.announce(false);
    // A locked key is not logged in: its unlock is asked about with the kept code (MAC) alone.
    await this.unlocks.pollOpen().catch(() => undefined);
    const tokens = await this.options.session.listTokens();
    const loggedIn = new Set(tokens.filter((token) => token.loggedIn).map((token) => token.serial));
    if (loggedIn.size === 0) return this.announce(false);
    // Background rounds stop at 待安装: installing is the holder's click (安装续期证书).
    await requests.sync({ stopAt: 'issued' }, (record) => loggedIn.has(record.token.serial));
    const now = this.clock().getTime();
    const offersDue = now - this.offersCheckedAt >= (this.options.maximumIntervalMs ?? 5 * 60_000);
    if (!askedByHolder && !offersDue) return this.announce(false);
    this.offersCheckedAt = now;
    this.announce(await this.refreshOffers(requests));
  }

  private async refreshOffers(requests: CertificateRequests): Promise<boolean> {
    const listing = await this.options.session.listAll();
    const loggedIn = new Set(listing.tokens.filter((token) => token.loggedIn).map((token) => token.slotId));
    const open = new Set(
      this.journalListing()
        .records.filter((record) => !finalStages.includes(record.stage))
        .map((record) => record.oldCertificateFingerprint),
    );
    const offers: RenewalOfferView[] = [];
    for (const entry of listing.certificates) {
      if (!entry.readable || entry.certificate.isCa || !loggedIn.has(entry.slotId)) continue;
      const fingerprint = entry.certificate.sha256Fingerprint;
      if (open.has(fingerprint)) continue;
      try {
        const answer = await requests.renewalOffer(fingerprint);
        if (answer.offered)
          offers.push({
            certificateFingerprint: fingerprint,
            tokenLabel: entry.tokenLabel,
            commonName: entry.certificate.subject.commonName,
          });
      } catch {
        // Backend down or the key pulled out: the offer is looked for again next round.
        offers.push(...this.offers.filter((offer) => offer.certificateFingerprint === fingerprint));
      }
    }
    const changed = JSON.stringify(offers) !== JSON.stringify(this.offers);
    this.offers = offers;
    return changed;
  }

  /** Compares every request's stage with what the windows were last told, and tells them. */
  private announce(offersChanged: boolean, views = this.views()): void {
    const changes: RequestChange[] = [];
    for (const view of views) {
      const before = this.seen.get(view.id) ?? null;
      if (before === view.progress) continue;
      changes.push({ id: view.id, kind: view.kind, from: before, to: view.progress });
      this.seen.set(view.id, view.progress);
    }
    if (changes.length === 0 && !offersChanged) return;
    const event = { at: this.clock().toISOString(), changes, offersChanged };
    for (const listener of this.listeners) listener(event);
  }

  private serially<T>(action: () => Promise<T>): Promise<T> {
    const result = this.queue.then(action).finally(() => {
      // One read of the journal for both: what changed, and when the next round is due.
      const { records } = this.journalListing();
      this.announce(false, this.views(records));
      // A request just made (or moved) may be due sooner than the round already planned.
      const delay = this.nextDelayMs(records);
      if (this.dueAt !== Number.POSITIVE_INFINITY && this.clock().getTime() + delay < this.dueAt)
        this.schedule(delay);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private viewOf(id: string): RequestView {
    const view = this.views().find((candidate) => candidate.id === id);
    if (!view) throw new YiKeyError('request-not-found', `Request ${id} is not in the journal`, { id });
    return view;
  }

  private views(records = this.journalListing().records): RequestView[] {
    const unlocks = unlockJournal(this.options.dataDirectory).list().records.map(unlockRequestView);
    // Newest first, PIN unlocks among the certificate requests.
    return [...requestViews(records), ...unlocks].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private journalListing() {
    return new CertificateRequestsJournal(this.options.dataDirectory).list();
  }

  private backendConfigured(): boolean {
    try {
      this.options.endpoint();
      return true;
    } catch {
      return false;
    }
  }

  private requestsOrNull(): CertificateRequests | null {
    return this.perHolder.orNull();
  }

  private requests(): CertificateRequests {
    return this.perHolder.get();
  }
}
