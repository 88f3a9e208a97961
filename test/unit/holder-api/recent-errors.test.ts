// The ring of recent errors kept for the diagnostics report.
import { describe, expect, it } from 'vitest';
import { RecentErrors, recentErrorCapacity } from '../../../src-main/holder-api/recent-errors';

describe('RecentErrors', () => {
  it('keeps the last entries, newest first, with method, time and code only', () => {
    let tick = 0;
    const errors = new RecentErrors(() => new Date(Date.UTC(2026, 10, 30, 8, 0, tick++)));
    for (let index = 0; index < recentErrorCapacity + 5; index += 1)
      errors.record(`m${index}`, 'device-error');
    const list = errors.list();
    expect(list).toHaveLength(recentErrorCapacity);
    expect(list[0]).toEqual({
      at: '2026-11-30T08:00:24.000Z',
      method: `m${recentErrorCapacity + 4}`,
      code: 'device-error',
    });
    expect(list.at(-1)?.method).toBe('m5');
  });
});
