// Questions for the holder from the EMR bridge — a website's first contact, a login, signatures —
// waiting for an answer in YiKey's window. Each ends exactly once: the holder's yes or no, the
// time limit, the page going away, the key being pulled out or YiKey being locked. The window
// learns of each question and its end through events (holder-api's bridge:request / -ended).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { BridgeRequestOutcome, BridgeRequestView } from '../contract/bridge-consent';
import { YiKeyError } from '../contract/yikey-error';
import type { BridgeControlEvent } from '../holder-api/bridge-control';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ConsentQuestion = DistributiveOmit<BridgeRequestView, 'requestId' | 'expiresAt'>;

interface Waiting {
  view: BridgeRequestView;
  settle(outcome: BridgeRequestOutcome): void;
}

export class ConsentBroker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly events = new EventEmitter();

  constructor(private readonly options: { timeoutMs: number; clock?: () => Date }) {}

  /** Resolves with how the question ended; `pageGone` aborts it when the page disconnects. */
  ask(question: ConsentQuestion, pageGone: AbortSignal): Promise<BridgeRequestOutcome> {
    if (pageGone.aborted) return Promise.resolve('page-gone');
    const requestId = randomBytes(16).toString('hex');
    const now = (this.options.clock ?? (() => new Date()))();
    const view = {
      ...question,
      requestId,
      expiresAt: new Date(now.getTime() + this.options.timeoutMs).toISOString(),
    } as BridgeRequestView;
    return new Promise((resolve) => {
      const onPageGone = (): void => settle('page-gone');
      const timer = setTimeout(() => settle('timeout'), this.options.timeoutMs);
      const settle = (outcome: BridgeRequestOutcome): void => {
        if (!this.waiting.delete(requestId)) return;
        clearTimeout(timer);
        pageGone.removeEventListener('abort', onPageGone);
        this.emit({ name: 'bridge:request-ended', payload: { requestId, outcome } });
        resolve(outcome);
      };
      pageGone.addEventListener('abort', onPageGone, { once: true });
      this.waiting.set(requestId, { view, settle });
      this.emit({ name: 'bridge:request', payload: view });
    });
  }

  decide(requestId: string, approve: boolean): void {
    const waiting = this.waiting.get(requestId);
    if (!waiting) throw new YiKeyError('invalid-input', 'That request is no longer waiting for an answer');
    waiting.settle(approve ? 'approved' : 'refused');
  }

  /** Ends every waiting question that `which` selects (default: all) with this outcome. */
  endAll(outcome: BridgeRequestOutcome, which: (view: BridgeRequestView) => boolean = () => true): void {
    for (const waiting of [...this.waiting.values()]) if (which(waiting.view)) waiting.settle(outcome);
  }

  pending(): BridgeRequestView[] {
    return [...this.waiting.values()].map((waiting) => waiting.view);
  }

  onEvent(listener: (event: BridgeControlEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: BridgeControlEvent): void {
    this.events.emit('event', event);
  }
}
