// A token bucket per remote address for CMP messages: each address may send `burst` messages at
// once and `perSecond` on average after that; more get HTTP 429 with Retry-After (http-replies).
// The 8-in-flight cap (backend-server.ts) protects the CA token from everyone together; this
// keeps one client (a broken YiKey polling in a loop, a script) from taking all of it. The table
// of addresses is capped too: when it is full, buckets that have refilled (idle clients) are
// dropped first, and if none has, the oldest one, so a flood from many addresses cannot grow it.
export type RateLimitOptions = {
  /** Messages per second each address may send on average (0 turns the limit off). */
  perSecond: number;
  /** Messages an address may send at once before the average applies. */
  burst: number;
  /** Addresses remembered at most. */
  maxClients?: number;
  now?: () => number;
};

type Bucket = { tokens: number; at: number };

export class ClientRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxClients: number;
  private readonly now: () => number;

  private readonly options: RateLimitOptions;

  constructor(options: RateLimitOptions) {
    // A bucket smaller than one message would refuse everything.
    this.options = { ...options, burst: Math.max(1, options.burst) };
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Takes one message from `address`'s bucket: null when allowed, else the seconds to wait. */
  take(address: string): number | null {
    const { perSecond } = this.options;
    if (perSecond <= 0) return null;
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(address), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(address, bucket);
      return null;
    }
    this.remember(address, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    const { perSecond, burst } = this.options;
    if (!bucket) return { tokens: burst, at: now };
    const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    return { tokens, at: now };
  }

  private remember(address: string, bucket: Bucket): void {
    // Re-inserted so the Map's order is least recently seen first.
    this.buckets.delete(address);
    if (this.buckets.size >= this.maxClients) this.evict();
    this.buckets.set(address, bucket);
  }

  private evict(): void {
    const now = this.now();
    for (const [address, bucket] of this.buckets)
      if (this.refilled(bucket, now).tokens >= this.options.burst) this.buckets.delete(address);
    if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
