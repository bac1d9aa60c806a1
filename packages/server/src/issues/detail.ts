import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { events, issueActivity, issueHourly, issueTagValues, type IssueRow } from '../db/schema.js';
import { issueSpikes } from '../releases/list.js';
import { spikingSince } from '../releases/spikes.js';
import { suspectDeploy } from '../releases/suspect.js';
import type { Db } from '../db/types.js';
import { rowsOf } from '../db/rows.js';
import { eventJson, issueJson } from './serialize.js';
import { issueSeries, type Range, type Series } from '../stats/series.js';

const HOUR = 3_600_000;
const TOP_VALUES = 10;

/** 24 hourly counts (oldest first, zero-filled, ending with the current hour) for each of the issues. */
export async function hourlyStats(db: Db, projectId: number, ids: number[], now: Date) {
  const currentHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const from = currentHour - 23 * HOUR;
  const rows = ids.length
    ? await db
        .select({
          id: issueHourly.issueId,
          hour: issueHourly.hour,
          count: sql<number>`sum(${issueHourly.count})`.mapWith(Number),
        })
        .from(issueHourly)
        .where(
          and(
            eq(issueHourly.projectId, projectId),
            inArray(issueHourly.issueId, ids),
            gte(issueHourly.hour, new Date(from)),
          ),
        )
        .groupBy(issueHourly.issueId, issueHourly.hour)
    : [];
  const counts = new Map(rows.map((r) => [`${r.id}:${r.hour.getTime()}`, r.count]));
  return new Map(
    ids.map((id) => {
      const series: Array<[string, number]> = [];
      for (let t = from; t <= currentHour; t += HOUR)
        series.push([new Date(t).toISOString(), counts.get(`${id}:${t}`) ?? 0]);
      return [id, series];
    }),
  );
}

export interface DetailScope {
  range: Range;
  /** scopes the chart, the latest event and `scope.count` */
  environment?: string | undefined;
}

/** The issue page: counters, its chart, tag breakdowns, the latest event and the grouping inputs. */
export async function issueDetail(db: Db, issue: IssueRow, now: Date, scope: DetailScope) {
  const { range, environment } = scope;
  const series = (r: Range) => issueSeries(db, issue.projectId, issue.id, environment, r, now);
  const [day, ranged, inEnvironment, tags, latest, history, suspect, spikeList] = await Promise.all([
    series('24h'),
    range === '24h' ? null : series(range),
    // events of this issue in the environment: the same counter as the tag breakdown's
    environment === undefined
      ? null
      : db
          .select({ count: issueTagValues.count })
          .from(issueTagValues)
          .where(
            and(
              eq(issueTagValues.projectId, issue.projectId),
              eq(issueTagValues.issueId, issue.id),
              eq(issueTagValues.key, 'environment'),
              eq(issueTagValues.value, environment),
            ),
          ),
    rowsOf<{ key: string; value: string; count: string | number }>(
      db,
      sql`select key, value, count from (
            select key, value, count, row_number() over (partition by key order by count desc, value) as rank
            from ${issueTagValues} where project_id = ${issue.projectId} and issue_id = ${issue.id}) ranked
          where rank <= ${TOP_VALUES} order by key, count desc, value`,
    ),
    db
      .select()
      .from(events)
      .where(
        and(
          eq(events.projectId, issue.projectId),
          eq(events.issueId, issue.id),
          environment === undefined ? undefined : eq(events.environment, environment),
        ),
      )
      .orderBy(desc(events.timestamp), desc(events.eventId))
      .limit(1),
    db
      .select()
      .from(issueActivity)
      .where(and(eq(issueActivity.projectId, issue.projectId), eq(issueActivity.issueId, issue.id)))
      .orderBy(asc(issueActivity.at), asc(issueActivity.id))
      .limit(200),
    suspectDeploy(db, issue),
    issueSpikes(db, issue.projectId, issue.id),
  ]);
  const tagJson: Record<string, Array<[string, number]>> = {};
  for (const t of tags) (tagJson[t.key] ??= []).push([t.value, Number(t.count)]);
  return {
    ...issueJson(issue, now),
    stats: { '24h': day, ...(ranged ? { [range]: ranged } : {}) } as { '24h': Series } & Partial<
      Record<Range, Series>
    >,
    ...(inEnvironment ? { scope: { environment, count: Number(inEnvironment[0]?.count ?? 0) } } : {}),
    tags: tagJson,
    latest_event: latest[0] ? eventJson(latest[0]) : null,
    grouping: issue.grouping,
    suspect_deploy: suspect,
    spikes: spikeList,
    spiking: spikeList.some((s) => new Date(s.to) >= spikingSince(now)),
    history: history.map((h) => ({
      kind: h.kind,
      at: h.at.toISOString(),
      release: h.release,
      actor: h.actor,
      ...(h.data ? { data: h.data } : {}),
    })),
  };
}
