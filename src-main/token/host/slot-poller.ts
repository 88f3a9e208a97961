// Notices keys being inserted and removed by polling the slot list. Polling (not
// C_WaitForSlotEvent) because that call blocks a thread in many vendor modules and cannot be
// cancelled portably; a 50 ms poll of C_GetSlotList is cheap and meets the 200 ms target.
import type { TokenEvent } from '../../contract/token-types';

export interface SlotPollerOptions {
  intervalMs: number;
  listPresentSlots: () => string[];
  onEvent: (event: TokenEvent) => void;
  /** Called when the module stops answering the slot list; it should re-initialise it. */
  onListFailure: (error: unknown) => void;
}

export class SlotPoller {
  private present = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SlotPollerOptions) {}

  start(): void {
    this.present = new Set(this.safeList() ?? []);
    this.timer = setInterval(() => this.poll(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private safeList(): string[] | undefined {
    try {
      return this.options.listPresentSlots();
    } catch (error) {
      this.options.onListFailure(error);
      return undefined;
    }
  }

  private poll(): void {
    const listed = this.safeList();
    if (!listed) return;
    const now = new Set(listed);
    const at = new Date().toISOString();
    for (const slotId of this.present) {
      if (!now.has(slotId)) this.options.onEvent({ type: 'token-removed', slotId, at });
    }
    for (const slotId of now) {
      if (!this.present.has(slotId)) this.options.onEvent({ type: 'token-inserted', slotId, at });
    }
    this.present = now;
  }
}
