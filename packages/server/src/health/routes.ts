import { sql } from 'drizzle-orm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hono } from 'hono';
import { rowsOf } from '../db/rows.js';
import { withTimeout } from '../db/timeout.js';
import { safeEqual } from '../auth/secrets.js';
import type { Deps, Env } from '../http/deps.js';
import { errorBody } from '../http/errors.js';

export function healthRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const startedAt = Date.now();
  // how long callbacks wait for the event loop: what a slow request costs everyone else
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  app.get('/healthz', async (c) => {
    try {
      if (!deps.availability.up) throw new Error('the database is unavailable');
      // a database that does not answer within a second is as good as down, for a load balancer
      await withTimeout(deps.db.execute(sql`select 1`), 1000, () => new Error('timed out'));
      return c.json({ status: 'ok' });
    } catch {
      return c.json(errorBody('unavailable', 'the database does not answer'), 503, { 'Retry-After': '5' });
    }
  });

  // Prometheus text format: what an operator needs to see the writer keeping up.
  app.get('/metrics', async (c) => {
    const token = deps.config.metricsToken;
    if (token && !safeEqual(c.req.header('authorization') ?? '', `Bearer ${token}`)) {
      return c.json(errorBody('unauthorized', 'send Authorization: Bearer <FAULTLINE_METRICS_TOKEN>'), 401);
    }
    const lines = [
      '# HELP faultline_ingest_queue_events Events waiting for the batch writer.',
      '# TYPE faultline_ingest_queue_events gauge',
      `faultline_ingest_queue_events ${deps.writer.queued}`,
      '# HELP faultline_uptime_seconds Seconds since the process started.',
      '# TYPE faultline_uptime_seconds gauge',
      `faultline_uptime_seconds ${Math.round((Date.now() - startedAt) / 1000)}`,
      '# HELP faultline_process_resident_memory_bytes Resident set size.',
      '# TYPE faultline_process_resident_memory_bytes gauge',
      `faultline_process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      '# HELP faultline_event_loop_delay_seconds Event loop delay since the process started.',
      '# TYPE faultline_event_loop_delay_seconds gauge',
      `faultline_event_loop_delay_seconds{quantile="0.99"} ${(loopDelay.percentile(99) / 1e9).toFixed(4)}`,
      `faultline_event_loop_delay_seconds{quantile="1"} ${(loopDelay.max / 1e9).toFixed(4)}`,
      ...(await storageLines(deps)),
      ...deps.metrics.lines(),
    ];
    return c.text(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });

  return app;
}

/** Stored events and bytes per project, from the storage counts; nothing when the database is slow. */
async function storageLines(deps: Deps): Promise<string[]> {
  try {
    const rows = await withTimeout(
      rowsOf<{ project_id: number; events: string; bytes: string }>(
        deps.db,
        sql`select project_id, sum(events) as events, sum(bytes) as bytes from storage_daily group by 1 order by 1`,
      ),
      1000,
      () => new Error('timed out'),
    );
    return [
      '# HELP faultline_stored_events Events stored per project (retention removes old ones).',
      '# TYPE faultline_stored_events gauge',
      ...rows.map((r) => `faultline_stored_events{project="${r.project_id}"} ${Number(r.events)}`),
      '# HELP faultline_stored_bytes Bytes of stored event JSON per project.',
      '# TYPE faultline_stored_bytes gauge',
      ...rows.map((r) => `faultline_stored_bytes{project="${r.project_id}"} ${Number(r.bytes)}`),
    ];
  } catch {
    return [];
  }
}
