// One companion object per opened HolderService (certificate requests, PIN unlocks): made on
// first use and dropped with the holder when the driver changes, so a companion never talks to
// a token host that was closed.
import { YiKeyError } from '../contract/yikey-error';
import { HolderService } from '../holder/holder-service';
import type { HolderSession } from './holder-session';

export class PerHolder<T> {
  private readonly byHolder = new WeakMap<HolderService, T>();

  constructor(
    private readonly session: HolderSession,
    private readonly make: (holder: HolderService) => T,
  ) {}

  /** null while no driver is open (the unavailable holder). */
  orNull(): T | null {
    const holder = this.session.opened.holder;
    if (!(holder instanceof HolderService)) return null;
    let companion = this.byHolder.get(holder);
    if (!companion) {
      companion = this.make(holder);
      this.byHolder.set(holder, companion);
    }
    return companion;
  }

  /** Throws why no driver is open. */
  get(): T {
    const companion = this.orNull();
    if (companion) return companion;
    throw this.session.opened.moduleError ?? new YiKeyError('token-not-present', 'No USBKEY driver');
  }
}
