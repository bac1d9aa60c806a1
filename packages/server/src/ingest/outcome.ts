import type { MiddlewareHandler } from 'hono';
import type { Env } from '../http/deps.js';
import type { Metrics } from '../http/metrics.js';
import type { UsageCounter } from '../usage/counter.js';

const REASONS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  415: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Counts ingest requests turned away, by reason, in /metrics (a fixed label set), and in the
 * project's usage once its key was admitted (a body that was too large, invalid or not storable).
 */
export const countRefusals =
  (metrics: Metrics, usage: UsageCounter): MiddlewareHandler<Env> =>
  async (c, next) => {
    await next();
    const reason = REASONS[c.res.status];
    if (!reason) return;
    metrics.inc('faultline_ingest_refused_total', { reason });
    const project = c.get('ingestProject');
    if (project !== undefined && reason !== 'rate_limited')
      usage.count(project.projectId, 'dropped', 1, project.keyId);
  };
