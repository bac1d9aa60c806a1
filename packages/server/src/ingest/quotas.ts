import type { ProjectSettings } from '../db/schema.js';
import { createRateLimiter, type RateLimit } from './rate-limit.js';
import type { Refusal } from './refuse.js';

/** spike protection: a project may send this many times its trailing-hour average rate… */
export const SPIKE_FACTOR = 10;
/** …and never fewer events per second than this (a quiet or new project is not cut off at once) */
export const SPIKE_FLOOR = 10;
/** a quota's bucket holds this many seconds of its rate: short bursts pass */
const BURST_SECONDS = 10;
const MINUTE = 60_000;

/** What a project asks of ingest (its settings, read with its key). */
export type ProjectQuota = Pick<ProjectSettings, 'rate_limit_per_second' | 'spike_protection'>;

/**
 * The limits above the per-key one, in this process: the instance's (FAULTLINE_INSTANCE_RATE_LIMIT),
 * a project's own `rate_limit_per_second`, and spike protection (SPIKE_FACTOR × the project's
 * trailing-hour average rate, from a 60-minute ring of what this process accepted for it). Each is a
 * token bucket; checks read only headers' worth of state, so a refusal costs no body read. Memory:
 * a bucket per limited project and a 60-number ring per project seen.
 */
export function createQuotas(instance: RateLimit, now: () => number = Date.now) {
  const buckets = createRateLimiter({ perSecond: 0, burst: 0 }, now);
  const history = new Map<number, { minute: number; ring: number[] }>();
  const bucket = (perSecond: number): RateLimit => ({ perSecond, burst: perSecond * BURST_SECONDS });

  function ringOf(projectId: number) {
    const minute = Math.floor(now() / MINUTE);
    let h = history.get(projectId);
    if (!h) history.set(projectId, (h = { minute, ring: new Array<number>(60).fill(0) }));
    // minutes that passed without events are zero
    for (let m = h.minute + 1; m <= Math.min(minute, h.minute + 60); m++) h.ring[m % 60] = 0;
    h.minute = minute;
    return h;
  }
  /** events per second over the last hour, as this process saw them */
  const hourlyRate = (projectId: number) => ringOf(projectId).ring.reduce((a, n) => a + n, 0) / 3600;
  const spikeLimit = (projectId: number) =>
    bucket(Math.max(SPIKE_FLOOR, SPIKE_FACTOR * hourlyRate(projectId)));

  return {
    /** A refusal when a limit is reached, checked before the body is read; null to go on. */
    check(projectId: number, quota: ProjectQuota): Refusal | null {
      let wait = buckets.retryAfter('*', instance);
      if (wait)
        return {
          code: 'rate_limited',
          message: `this server takes at most ${instance.perSecond} events per second; retry in ${wait} s`,
          retryAfter: wait,
        };
      const own = quota.rate_limit_per_second;
      if (own && (wait = buckets.retryAfter(`p:${projectId}`, bucket(own))))
        return {
          code: 'rate_limited',
          message: `this project takes at most ${own} events per second; retry in ${wait} s`,
          retryAfter: wait,
        };
      if (quota.spike_protection && (wait = buckets.retryAfter(`s:${projectId}`, spikeLimit(projectId))))
        return {
          code: 'rate_limited',
          message: `spike protection: this project sends over ${SPIKE_FACTOR}× its usual rate; retry in ${wait} s`,
          retryAfter: wait,
          dropped: true,
        };
      return null;
    },
    /** Counts `n` accepted events against every limit that applies. */
    take(projectId: number, quota: ProjectQuota, n: number): void {
      buckets.take('*', n, instance);
      if (quota.rate_limit_per_second) buckets.take(`p:${projectId}`, n, bucket(quota.rate_limit_per_second));
      if (quota.spike_protection) buckets.take(`s:${projectId}`, n, spikeLimit(projectId));
      const h = ringOf(projectId);
      h.ring[h.minute % 60] = (h.ring[h.minute % 60] ?? 0) + n;
      if (history.size > 100_000) history.clear(); // projects are few: only a bug or an attack gets here
    },
  };
}

export type Quotas = ReturnType<typeof createQuotas>;
