export interface RateLimit {
  /** events per second per public key, in this process; 0 turns limiting off */
  perSecond: number;
  /** events a key may send at once before the rate applies */
  burst: number;
}

const SWEEP_EVERY_MS = 10_000;

/**
 * A token bucket per public key, kept in this process: with N processes behind a load balancer,
 * each allows the rate, so set it to the total divided by N (README, Scaling out).
 *
 * Refusing must be the cheapest thing ingest does, so the check needs only the key (from a header)
 * and runs before the body is read; the events a request turns out to hold are taken afterwards and
 * may leave the bucket in debt, which the next requests wait out. A bucket is two numbers, and one
 * that has refilled is the same as none, so a sweep forgets it: memory stays bounded by the keys
 * active in the last few seconds.
 */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  // each bucket keeps the limit it was last used with: quotas (quotas.ts) give theirs per call
  const buckets = new Map<string, { tokens: number; at: number; limit: RateLimit }>();
  let swept = now();

  function refill(key: string, t: number, l: RateLimit) {
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: l.burst, at: t, limit: l };
      buckets.set(key, b);
    } else {
      b.tokens = Math.min(l.burst, b.tokens + ((t - b.at) / 1000) * l.perSecond);
      b.at = t;
      b.limit = l;
    }
    return b;
  }

  function sweep(t: number) {
    swept = t;
    for (const [key, b] of buckets) {
      if (b.tokens + ((t - b.at) / 1000) * b.limit.perSecond >= b.limit.burst) buckets.delete(key);
    }
  }

  return {
    /** Seconds until `key` may send again; 0 when it may send now. Takes nothing. */
    retryAfter(key: string, l: RateLimit = limit): number {
      if (l.perSecond <= 0) return 0;
      const t = now();
      if (t - swept > SWEEP_EVERY_MS) sweep(t);
      const b = refill(key, t, l);
      return b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / l.perSecond));
    },
    /** Takes `n` accepted events from the key's bucket (it may go below zero). */
    take(key: string, n: number, l: RateLimit = limit): void {
      if (l.perSecond <= 0 || n <= 0) return;
      refill(key, now(), l).tokens -= n;
    },
    /** buckets held now (for tests and /metrics) */
    get size() {
      return buckets.size;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
