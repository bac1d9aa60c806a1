import { ApiError } from '../http/errors.js';

export interface RateLimit {
  /** events per second per public key, in this process; 0 turns limiting off */
  perSecond: number;
  /** events a key may send at once before the rate applies */
  burst: number;
}

/**
 * A token bucket per public key, kept in this process: with N processes behind a load balancer,
 * each allows the rate, so set it to the total divided by N (README, Scaling out).
 */
export function createRateLimiter(
  limit: RateLimit,
  now: () => number = Date.now,
  onLimited: () => void = () => {},
) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes `n` events from the key's bucket, or throws 429 with the seconds to wait. */
    take(key: string, n: number): void {
      if (limit.perSecond <= 0) return;
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size > 10_000) buckets.clear();
        b = { tokens: limit.burst, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
      b.at = t;
      if (b.tokens >= n) {
        b.tokens -= n;
        return;
      }
      onLimited();
      const retryAfter = Math.max(1, Math.ceil((n - b.tokens) / limit.perSecond));
      throw new ApiError(
        'rate_limited',
        `this key sends more than ${limit.perSecond} events per second; retry in ${retryAfter} s`,
        {
          retryAfter,
          // what Sentry SDKs read to back off: all categories, scope "key"
          headers: { 'X-Sentry-Rate-Limits': `${retryAfter}::key` },
        },
      );
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
