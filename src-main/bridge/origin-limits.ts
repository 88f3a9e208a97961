// Counts per origin that keep one website (or a flood of them) from tying up the bridge:
// connections in total and per origin, and requests per minute per origin. Checked before a
// frame is parsed and long before anything reaches the key.
import { bridgeLimits } from '../contract/bridge-wire';

const minuteMs = 60_000;

/**
 * Unapproved origins share at most half the connections: subdomains of one hostile site (each
 * its own origin) cannot take every slot and lock the hospital's approved EMR out.
 */
export const unapprovedConnectionsTotal = bridgeLimits.connectionsTotal / 2;

export class OriginLimits {
  private total = 0;
  private unapprovedTotal = 0;
  private readonly connections = new Map<string, number>();
  /** Request times in the last minute, per origin. */
  private readonly requests = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Takes a connection slot; returns the release function, or null when full. */
  admit(origin: string, approved: boolean): (() => void) | null {
    const forOrigin = this.connections.get(origin) ?? 0;
    if (this.total >= bridgeLimits.connectionsTotal || forOrigin >= bridgeLimits.connectionsPerOrigin)
      return null;
    if (!approved && this.unapprovedTotal >= unapprovedConnectionsTotal) return null;
    this.total++;
    // Counted as unapproved for the connection's life, even if the holder approves it meanwhile.
    if (!approved) this.unapprovedTotal++;
    this.connections.set(origin, forOrigin + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      if (!approved) this.unapprovedTotal--;
      const left = (this.connections.get(origin) ?? 1) - 1;
      if (left === 0) this.connections.delete(origin);
      else this.connections.set(origin, left);
    };
  }

  /**
   * Counts one request. 'ok' under the limit; 'limited' over it (answer rate-limited);
   * 'flood' at twice the limit (the page ignores the answers: close its connection).
   */
  request(origin: string): 'ok' | 'limited' | 'flood' {
    const now = this.clock();
    const recent = (this.requests.get(origin) ?? []).filter((time) => now - time < minuteMs);
    recent.push(now);
    this.requests.set(origin, recent);
    const limit = bridgeLimits.requestsPerMinutePerOrigin;
    if (recent.length > 2 * limit) {
      recent.splice(0, recent.length - 2 * limit);
      return 'flood';
    }
    return recent.length > limit ? 'limited' : 'ok';
  }
}
