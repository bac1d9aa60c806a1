import { sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { rowsOf } from '../db/rows.js';

const DAY = 86_400_000;

/**
 * The environments a project has sent events from in the last 30 days or deployed to (the pickers'
 * values), most recently seen first. Read from the hourly counters, never from events.
 */
export async function projectEnvironments(db: Db, projectId: number, now: Date) {
  const since = new Date(now.getTime() - 30 * DAY).toISOString();
  const rows = await rowsOf<{ name: string; last_seen: Date | string }>(
    db,
    sql`select name, max(last_seen) as last_seen from (
          select environment as name, max(hour) as last_seen from issue_hourly
          where project_id = ${projectId} and hour >= ${since}::timestamptz and environment <> ''
          group by environment
          union all
          select environment, max(finished_at) from deploys where project_id = ${projectId} group by environment
        ) seen group by name order by 2 desc, 1 limit 100`,
  );
  return rows.map((r) => ({ name: r.name, last_seen: new Date(r.last_seen).toISOString() }));
}
