import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../http/metrics.js';

const REASONS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  415: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Counts ingest requests turned away, by reason, in /metrics (a fixed label set). */
export const countRefusals =
  (metrics: Metrics): MiddlewareHandler =>
  async (c, next) => {
    await next();
    const reason = REASONS[c.res.status];
    if (reason) metrics.inc('faultline_ingest_refused_total', { reason });
  };
