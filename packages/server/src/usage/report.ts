import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Db } from '../db/types.js';

/** GET …/usage: what is stored (from the storage counts), and what ingest did over 24 hours. */
export async function projectUsage(db: Db, projectId: number, now: Date) {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  // stored_*: from the storage counts (storage_daily), never by counting events
  const days = await rowsOf<{ day: string | Date; events: string; bytes: string }>(
    db,
    sql`select day, events, bytes from storage_daily where project_id = ${projectId} and events > 0 order by day`,
  );
  const oldestDay = days[0] ? new Date(days[0].day) : null;
  // the oldest event itself: within its day, so only that day's partition is read
  const [oldest] = oldestDay
    ? await rowsOf<{ at: string | Date | null }>(
        db,
        sql`select min(received_at) as at from events where project_id = ${projectId}
            and received_at >= ${oldestDay.toISOString()}::timestamptz
            and received_at < ${new Date(oldestDay.getTime() + 86_400_000).toISOString()}::timestamptz`,
      )
    : [];
  const [window] = await rowsOf<{
    accepted: string | null;
    rate_limited: string | null;
    dropped: string | null;
  }>(
    db,
    sql`select sum(accepted) as accepted, sum(rate_limited) as rate_limited, sum(dropped) as dropped
        from usage_hourly where project_id = ${projectId} and hour >= date_trunc('hour', ${since.toISOString()}::timestamptz)`,
  );
  return {
    stored_events: days.reduce((n, d) => n + Number(d.events), 0),
    stored_bytes: days.reduce((n, d) => n + Number(d.bytes), 0),
    oldest_event_at: oldest?.at ? new Date(oldest.at).toISOString() : null,
    // events stored per day received (UTC), oldest first: the settings page's chart
    stored_by_day: days.map((d) => [new Date(d.day).toISOString(), Number(d.events)] as [string, number]),
    accepted_24h: Number(window?.accepted ?? 0),
    rate_limited_24h: Number(window?.rate_limited ?? 0),
    dropped_24h: Number(window?.dropped ?? 0),
  };
}
