import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { rowsOf } from '../db/rows.js';
import { projects } from '../db/schema.js';
import type { Deps, Env } from '../http/deps.js';
import { notFound } from '../http/errors.js';
import { idParam } from '../http/json.js';
import type { UsageCounter } from './counter.js';

/** GET …/usage: what is stored, and what ingest accepted and turned away over the last 24 hours. */
export function usageRoutes(deps: Deps & { usage: UsageCounter }) {
  const app = new Hono<Env>();
  const { db } = deps;

  app.get('/projects/:projectId/usage', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
    if (!project) throw notFound('project');
    await deps.usage.flush(); // this process's last seconds too
    const since = new Date(deps.config.now().getTime() - 24 * 3_600_000);
    // stored_*: read from the events themselves until retention keeps them as counters
    const [stored] = await rowsOf<{ n: string; bytes: string | null; oldest: string | Date | null }>(
      db,
      sql`select count(*) as n, sum(pg_column_size(data)) as bytes, min(received_at) as oldest
          from events where project_id = ${projectId}`,
    );
    const [window] = await rowsOf<{
      accepted: string | null;
      rate_limited: string | null;
      dropped: string | null;
    }>(
      db,
      sql`select sum(accepted) as accepted, sum(rate_limited) as rate_limited, sum(dropped) as dropped
          from usage_hourly where project_id = ${projectId} and hour >= date_trunc('hour', ${since.toISOString()}::timestamptz)`,
    );
    return c.json({
      stored_events: Number(stored?.n ?? 0),
      stored_bytes: Number(stored?.bytes ?? 0),
      oldest_event_at: stored?.oldest ? new Date(stored.oldest).toISOString() : null,
      accepted_24h: Number(window?.accepted ?? 0),
      rate_limited_24h: Number(window?.rate_limited ?? 0),
      dropped_24h: Number(window?.dropped ?? 0),
    });
  });

  return app;
}
