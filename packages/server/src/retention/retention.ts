import { isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { deleteEventsCounted, deleteRows } from './delete-events.js';
import { evictOverCap } from './evict.js';
import { DAY, dropPartitionsBefore } from './partitions.js';

/** How long a retried event is still recognised (event_ids): SDKs retry within minutes or hours. */
export const EVENT_ID_DAYS = 30;
/** The tables of an issue's own rows, removed with it (events are gone by then). */
const ISSUE_TABLES = [
  'issue_hashes',
  'issue_tag_values',
  'issue_activity',
  'issue_comments',
  'issue_hourly',
  'issue_minutely',
  'spikes',
] as const;

export interface RetentionResult {
  droppedPartitions: string[];
  deletedEvents: number;
  deletedIssues: number;
  deletedEventIds: number;
  deletedSourcemaps: number;
  /** removed to bring projects back under max_events */
  evictedEvents: number;
  /** milliseconds per step (drop: day partitions; rows: row deletes; vacuum: by the worker), for benchmarks */
  ms: { drop: number; rows: number; evict: number; issues: number; vacuum: number };
}

/**
 * Removes what is older than each project's retention_days (the instance's default when unset):
 * whole day partitions past the longest retention of any project; row by row (in batches) only the
 * events of projects that keep fewer days, and old rows in events_default; then issues with no event left
 * whose last event is that old (with their hashes, tags, history, counters), event ids past
 * EVENT_ID_DAYS, hourly counters past retention, and the source maps of releases not seen in that time.
 * A project over its max_events loses events as evict.ts chooses.
 * Counts on issues are counters: they stay exact.
 */
export async function runRetention(
  db: Db,
  {
    now,
    defaultDays,
    defaultMaxEvents = 1_000_000,
    batch = 5000,
    stopped = () => false,
  }: {
    now: Date;
    defaultDays: number;
    /** stored events a project keeps at most when it sets no max_events */
    defaultMaxEvents?: number;
    batch?: number;
    /** checked between projects: a shutting-down process leaves the rest to the next pass */
    stopped?: () => boolean;
  },
): Promise<RetentionResult> {
  const list = await db
    .select({ id: projects.id, days: projects.retentionDays, maxEvents: projects.maxEvents })
    .from(projects)
    .where(isNull(projects.deletedAt));
  const daysOf = (p: { days: number | null }) => p.days ?? defaultDays;
  const longest = Math.max(defaultDays, ...list.map(daysOf));
  const cutoffOf = (days: number) => new Date(now.getTime() - days * DAY);
  const ms = { drop: 0, rows: 0, evict: 0, issues: 0, vacuum: 0 };
  const timed = async <T>(step: keyof typeof ms, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await work();
    ms[step] += performance.now() - t;
    return value;
  };
  const result: RetentionResult = {
    droppedPartitions: await timed('drop', () => dropPartitionsBefore(db, cutoffOf(longest))),
    deletedEvents: 0,
    deletedIssues: 0,
    deletedEventIds: 0,
    deletedSourcemaps: 0,
    evictedEvents: 0,
    ms,
  };

  for (const p of list) {
    if (stopped()) return result;
    const days = daysOf(p);
    const cutoff = cutoffOf(days).toISOString();
    // what dropping whole days does not take: the events of a project that keeps fewer days than the
    // longest (row by row, in every partition), and old rows in events_default. A project with the
    // longest retention loses its events a day at a time, so they are kept N to N+1 days.
    await timed('rows', async () => {
      result.deletedEvents += await inBatches(
        db,
        days < longest ? 'events' : 'events_default',
        sql`project_id = ${p.id} and received_at < ${cutoff}::timestamptz`,
        batch,
      );
      // a retry of an event retention removed may be stored again: its id need not outlive it
      result.deletedEventIds += await inBatches(
        db,
        'event_ids',
        sql`project_id = ${p.id} and received_at < ${cutoff}::timestamptz`,
        batch,
      );
    });
    result.evictedEvents += await timed('evict', () =>
      evictOverCap(db, p.id, p.maxEvents ?? defaultMaxEvents),
    );
    result.deletedIssues += await timed('issues', () => removeOldIssues(db, p.id, cutoff, batch));
    await timed('rows', async () => {
      await inBatches(db, 'issue_hourly', sql`project_id = ${p.id} and hour < ${cutoff}::timestamptz`, batch);
      const maps = await rowsOf<{ id: number }>(
        db,
        sql`delete from sourcemaps s using releases r
            where s.project_id = ${p.id} and r.project_id = ${p.id} and r.version = s.release
              and r.last_seen < ${cutoff}::timestamptz
            returning s.id`,
      );
      result.deletedSourcemaps += maps.length;
    });
  }
  await timed('rows', async () => {
    result.deletedEventIds += await inBatches(
      db,
      'event_ids',
      sql`received_at < ${cutoffOf(EVENT_ID_DAYS).toISOString()}::timestamptz`,
      batch,
    );
  });
  return result;
}

/** Deletes the rows of `table` matching `where`, `batch` at a time (short statements, short locks). */
async function inBatches(db: Db, table: string, where: SQL, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    // a ctid is unique within one table only: events is partitioned, hence tableoid too
    const target = sql`${sql.identifier(table)} where (tableoid, ctid) in (
      select tableoid, ctid from ${sql.identifier(table)} where ${where} limit ${batch})`;
    const n = table.startsWith('events')
      ? await deleteEventsCounted(db, target)
      : await deleteRows(db, target);
    total += n;
    if (n < batch) return total;
  }
}

/** Issues whose last event is older than the cutoff and that have no stored event left. */
async function removeOldIssues(db: Db, projectId: number, cutoff: string, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (
      await rowsOf<{ id: number }>(
        db,
        sql`select id from issues i where i.project_id = ${projectId} and i.last_seen < ${cutoff}::timestamptz
              and not exists (select 1 from events e where e.project_id = ${projectId} and e.issue_id = i.id)
            limit ${Math.min(batch, 500)}`,
      )
    ).map((r) => Number(r.id));
    if (!ids.length) return total;
    const list = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    await db.transaction(async (tx) => {
      for (const table of ISSUE_TABLES)
        await tx.execute(
          sql`delete from ${sql.identifier(table)} where project_id = ${projectId} and issue_id in (${list})`,
        );
      await tx.execute(sql`delete from issues where project_id = ${projectId} and id in (${list})`);
    });
    total += ids.length;
  }
}
