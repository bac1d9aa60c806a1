import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { deleteEventsCounted } from './delete-events.js';
import type { Db } from '../db/types.js';

/** the latest events of every issue, always kept */
export const KEEP_RECENT = 10;
/** over the cap, a project is brought down to this share of it, so eviction does not run every pass */
const TARGET = 0.9;
/** events evicted per statement */
const BATCH = 20_000;

/**
 * Brings a project over its `max_events` back under it. Every issue keeps its first event, the events
 * that opened a regression, its KEEP_RECENT latest, and a log-spaced sample of the rest (the oldest
 * event of each span of 1, 2, 4, 8… minutes back from its latest: older periods thinner); of the
 * others, the oldest go first. Issue counts and
 * charts come from counters and do not change; the storage counts are kept exact in the same
 * statement. Returns the events evicted.
 */
export async function evictOverCap(db: Db, projectId: number, maxEvents: number): Promise<number> {
  let evicted = 0;
  for (;;) {
    const [stored] = await rowsOf<{ n: string | null }>(
      db,
      sql`select sum(events) as n from storage_daily where project_id = ${projectId}`,
    );
    const over = Number(stored?.n ?? 0) - Math.floor(maxEvents * TARGET);
    if (Number(stored?.n ?? 0) <= maxEvents && evicted === 0) return 0;
    if (over <= 0) return evicted;
    const n = await deleteEventsCounted(
      db,
      sql`events where project_id = ${projectId} and (tableoid, ctid) in (select tableoid, ctid from victims)`,
      sql`aged as (
            select e.tableoid, e.ctid, e.issue_id, e.event_id, e.timestamp, e.received_at,
              -- log2 of the minutes before the issue's latest event: buckets 1, 2, 4, 8… minutes wide
              floor(log(2, extract(epoch from (max(e.timestamp) over (partition by e.issue_id) - e.timestamp))::numeric / 60 + 1)) as age_bucket
            from events e where e.project_id = ${projectId}),
          ranked as (
            select a.*,
              row_number() over (partition by a.issue_id order by a.timestamp, a.event_id) as from_first,
              row_number() over (partition by a.issue_id order by a.timestamp desc, a.event_id desc) as from_latest,
              row_number() over (partition by a.issue_id, a.age_bucket order by a.timestamp, a.event_id) as in_bucket
            from aged a),
          victims as (
            select r.tableoid, r.ctid from ranked r
            where r.from_first > 1 and r.from_latest > ${KEEP_RECENT}
              -- the oldest of each bucket stays: a sample that thins out with age, and that stays the
              -- same sample however often eviction runs
              and r.in_bucket > 1
              and not exists (
                select 1 from issue_activity a
                where a.project_id = ${projectId} and a.issue_id = r.issue_id and a.kind = 'regressed'
                  and a.at = r.timestamp)
            order by r.received_at, r.timestamp
            limit ${Math.min(over, BATCH)})`,
    );
    evicted += n;
    if (n === 0) return evicted; // what is left is all kept on purpose
  }
}
