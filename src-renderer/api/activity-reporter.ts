// Tells browser mode's server that the holder is at the page, so its own idle lock (which
// stands in for a page that hung or was throttled) never fires while the holder works. Reports
// go out at most once per interval: the first at once, then one at the end of an interval that
// saw more, so the server never hears of the holder's last activity later than the interval.
import { activityReportIntervalMs } from '../../src-main/contract/holder-api-wire';

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function reportActivity(send: () => void): () => void {
  let lastSent = Number.NEGATIVE_INFINITY;
  let trailing: number | undefined;
  let pending = false;
  const flush = (): void => {
    trailing = undefined;
    if (!pending) return;
    pending = false;
    lastSent = Date.now();
    send();
  };
  const onActivity = (): void => {
    const wait = lastSent + activityReportIntervalMs - Date.now();
    if (wait <= 0 && trailing === undefined) {
      lastSent = Date.now();
      send();
      return;
    }
    pending = true;
    trailing ??= window.setTimeout(flush, Math.max(0, wait));
  };
  for (const name of activityEvents)
    window.addEventListener(name, onActivity, { capture: true, passive: true });
  return () => {
    if (trailing !== undefined) window.clearTimeout(trailing);
    for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
  };
}
