import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { spikes } from '../db/schema.js';
import type { Db } from '../db/types.js';

const MINUTE = 60_000;
/** the window judged, and the trailing history it is judged against */
const WINDOW_MINUTES = 10;
const HISTORY_MINUTES = 6 * 60;
/** an issue is "spiking" while its last spike ended less than this long ago */
const SPIKING_FOR_MS = 60 * MINUTE;
/** minute counters older than this are deleted */
const KEEP_MINUTES = 48 * 60;

/**
 * Finds spikes, per issue and per environment, in the last 10 minutes: the count against the rate of
 * the 6 hours before (a Poisson-like z-score with a floor, plus a minimum size so a handful of events
 * never counts). Spikes are recorded once per 10-minute window, however often this runs. A periodic
 * job (jobs/periodic.ts) runs it each minute in one of the server processes; it also trims old counters.
 */
export async function detectSpikes(db: Db, now: Date): Promise<number> {
  const end = Math.floor(now.getTime() / (WINDOW_MINUTES * MINUTE)) * WINDOW_MINUTES * MINUTE;
  const windowStart = new Date(end - WINDOW_MINUTES * MINUTE);
  const historyStart = new Date(windowStart.getTime() - HISTORY_MINUTES * MINUTE);
  const params = {
    ws: windowStart.toISOString(),
    we: new Date(end).toISOString(),
    hs: historyStart.toISOString(),
  };
  return db.transaction(async (tx) => {
    const found = await rowsOf<{ n: number | string }>(
      tx,
      sql`with
      per_issue as (
        select project_id, issue_id, environment,
               sum(count) filter (where minute >= ${params.ws}::timestamptz) as recent,
               sum(count) filter (where minute < ${params.ws}::timestamptz) as history
        from issue_minutely
        where minute >= ${params.hs}::timestamptz and minute < ${params.we}::timestamptz
        group by 1, 2, 3),
      per_env as (
        select project_id, 0 as issue_id, environment,
               sum(count) filter (where minute >= ${params.ws}::timestamptz) as recent,
               sum(count) filter (where minute < ${params.ws}::timestamptz) as history
        from env_minutely
        where minute >= ${params.hs}::timestamptz and minute < ${params.we}::timestamptz
        group by 1, 2, 3),
      scored as (
        select *, coalesce(history, 0) * ${WINDOW_MINUTES}::float / ${HISTORY_MINUTES} as expected
        from (select * from per_issue union all select * from per_env) c
        where recent is not null),
      ins as (
        insert into spikes (project_id, issue_id, environment, window_start, window_end, count, expected, score)
        select project_id, issue_id, environment, ${params.ws}::timestamptz, ${params.we}::timestamptz, recent, expected,
               (recent - expected) / sqrt(greatest(expected, 1))
        from scored
        where recent >= 10 and recent >= 3 * expected + 5 and (recent - expected) / sqrt(greatest(expected, 1)) >= 5
        on conflict do nothing
        returning project_id, issue_id, environment, count, expected),
      -- the alert outbox (alerts/): an issue's spike may alert (an environment's alone does not)
      facts as (
        insert into alert_facts (project_id, trigger, issue_id, environment, level, data)
        select ins.project_id, 'spike', ins.issue_id, nullif(ins.environment, ''), i.level,
               json_build_object('count', ins.count, 'expected', round(ins.expected::numeric, 1), 'minutes', ${WINDOW_MINUTES}::int)
        from ins join issues i on i.id = ins.issue_id
        where ins.issue_id <> 0)
      select count(*) as n from ins`,
    );
    const cutoff = new Date(now.getTime() - KEEP_MINUTES * MINUTE);
    await tx.execute(sql`delete from issue_minutely where minute < ${cutoff.toISOString()}::timestamptz`);
    await tx.execute(sql`delete from env_minutely where minute < ${cutoff.toISOString()}::timestamptz`);
    return Number(found[0]?.n ?? 0);
  });
}

export function spikeJson(s: {
  issueId: number;
  environment: string;
  windowStart: Date;
  windowEnd: Date;
  count: number;
  expected: number;
  score: number;
}) {
  return {
    issue_id: s.issueId || null,
    environment: s.environment,
    from: s.windowStart.toISOString(),
    to: s.windowEnd.toISOString(),
    count: s.count,
    expected: Math.round(s.expected * 100) / 100,
    score: Math.round(s.score * 100) / 100,
  };
}

/** `spikes.window_end` recent enough for its issue to count as spiking now (search `is:spiking`) */
export const spikingSince = (now: Date) => new Date(now.getTime() - SPIKING_FOR_MS);

/** Which of these issues are spiking now (the list's badge). */
export async function spikingIssues(db: Db, projectId: number, ids: number[], now: Date) {
  if (!ids.length) return new Set<number>();
  const rows = await db
    .selectDistinct({ id: spikes.issueId })
    .from(spikes)
    .where(
      and(
        eq(spikes.projectId, projectId),
        inArray(spikes.issueId, ids),
        gte(spikes.windowEnd, spikingSince(now)),
      ),
    );
  return new Set(rows.map((r) => r.id));
}
