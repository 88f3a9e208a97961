// The backend's per-address token bucket with a clock of our own: a burst, then the average
// rate; the wait it names; addresses counted apart; the table of addresses stays capped.
import { describe, expect, it } from 'vitest';

import { ClientRateLimit } from '../../provincial-backend/http/client-rate-limit';

describe('ClientRateLimit', () => {
  it('allows a burst, then one message per 1/rate seconds, and names the wait', () => {
    let now = 0;
    const limit = new ClientRateLimit({ perSecond: 2, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limit.take('127.0.0.1'))).toEqual([null, null, null]);
    expect(limit.take('127.0.0.1')).toBe(1);
    now += 500; // half a second refills one message at 2 per second
    expect(limit.take('127.0.0.1')).toBeNull();
    expect(limit.take('127.0.0.1')).toBe(1);
    now += 10_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limit.take('127.0.0.1'))).toEqual([null, null, null, 1]);
  });

  it('counts each address apart', () => {
    const limit = new ClientRateLimit({ perSecond: 1, burst: 1, now: () => 0 });
    expect(limit.take('127.0.0.1')).toBeNull();
    expect(limit.take('127.0.0.1')).not.toBeNull();
    expect(limit.take('127.0.0.2')).toBeNull();
  });

  it('a slow rate names a longer wait; rate 0 is no limit; burst 0 still lets one through', () => {
    const slow = new ClientRateLimit({ perSecond: 0.1, burst: 1, now: () => 0 });
    slow.take('a');
    expect(slow.take('a')).toBe(10);
    const off = new ClientRateLimit({ perSecond: 0, burst: 0, now: () => 0 });
    expect(Array.from({ length: 100 }, () => off.take('a')).every((wait) => wait === null)).toBe(true);
    expect(new ClientRateLimit({ perSecond: 1, burst: 0, now: () => 0 }).take('a')).toBeNull();
  });

  it('forgets idle addresses first when the table is full, and never holds more than the cap', () => {
    let now = 0;
    const limit = new ClientRateLimit({ perSecond: 1, burst: 2, maxClients: 3, now: () => now });
    limit.take('busy');
    limit.take('busy');
    limit.take('idle-1');
    limit.take('idle-2');
    now += 5_000; // idle-1 and idle-2 refilled; busy too, but it is asked again below
    limit.take('busy');
    limit.take('busy');
    limit.take('busy'); // over its burst: must still be remembered after the eviction
    limit.take('new');
    expect(limit.take('busy')).not.toBeNull();
    for (let index = 0; index < 50; index++) limit.take(`flood-${index}`);
    // The cap held: 'busy' was the oldest entry at some point and was dropped, so it starts full.
    expect(limit.take('busy')).toBeNull();
  });
});
