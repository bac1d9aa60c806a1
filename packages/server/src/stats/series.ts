import { and, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { envMinutely, issueHourly, issueMinutely } from '../db/schema.js';
import type { Db } from '../db/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The chart ranges, each with its bucket width: minutes for an hour, hours up to a week, days beyond. */
export const RANGES = { '1h': [MINUTE, 60], '24h': [HOUR, 24], '7d': [HOUR, 168], '30d': [DAY, 30] } as const;
export type Range = keyof typeof RANGES;
export const RangeParam = v.optional(
  v.picklist(Object.keys(RANGES) as Range[], 'must be one of 1h, 24h, 7d, 30d'),
  '24h',
);

export type Series = Array<[string, number]>;

/**
 * Sums a counter table's `count` per bucket of the range (oldest first, zero-filled, ending with the
 * bucket `now` is in; days are UTC days). Reads only counters the writer keeps, never events.
 */
async function bucketed(
  db: Db,
  table: PgTable,
  time: PgColumn,
  count: PgColumn,
  where: SQL | undefined,
  range: Range,
  now: Date,
): Promise<Series> {
  const [width, buckets] = RANGES[range];
  const last = Math.floor(now.getTime() / width) * width;
  const from = last - (buckets - 1) * width;
  // the width is inlined (it is one of four constants): as a parameter, select and group by would differ
  const bucket = sql<number>`floor(extract(epoch from ${time}) * 1000 / ${sql.raw(String(width))})`.mapWith(
    Number,
  );
  const rows = await db
    .select({ bucket, count: sql<number>`sum(${count})`.mapWith(Number) })
    .from(table)
    .where(and(where, gte(time, new Date(from))))
    .groupBy(bucket);
  const counts = new Map(rows.map((r) => [r.bucket * width, r.count]));
  const series: Series = [];
  for (let t = from; t <= last; t += width) series.push([new Date(t).toISOString(), counts.get(t) ?? 0]);
  return series;
}

/**
 * A project's events per bucket, for one environment or all. Ranges up to a day come from the minute
 * counters (kept two days), longer ones from the per-issue hourly counters summed over the project.
 */
export function projectSeries(
  db: Db,
  projectId: number,
  environment: string | undefined,
  range: Range,
  now: Date,
): Promise<Series> {
  if (range === '1h' || range === '24h') {
    const where = and(
      eq(envMinutely.projectId, projectId),
      environment === undefined ? undefined : eq(envMinutely.environment, environment),
    );
    return bucketed(db, envMinutely, envMinutely.minute, envMinutely.count, where, range, now);
  }
  const where = and(
    eq(issueHourly.projectId, projectId),
    environment === undefined ? undefined : eq(issueHourly.environment, environment),
  );
  return bucketed(db, issueHourly, issueHourly.hour, issueHourly.count, where, range, now);
}

/** One issue's events per bucket, for one environment or all: minutes for the last hour, else hours. */
export function issueSeries(
  db: Db,
  projectId: number,
  issueId: number,
  environment: string | undefined,
  range: Range,
  now: Date,
): Promise<Series> {
  if (range === '1h') {
    const where = and(
      eq(issueMinutely.projectId, projectId),
      eq(issueMinutely.issueId, issueId),
      environment === undefined ? undefined : eq(issueMinutely.environment, environment),
    );
    return bucketed(db, issueMinutely, issueMinutely.minute, issueMinutely.count, where, range, now);
  }
  const where = and(
    eq(issueHourly.projectId, projectId),
    eq(issueHourly.issueId, issueId),
    environment === undefined ? undefined : eq(issueHourly.environment, environment),
  );
  return bucketed(db, issueHourly, issueHourly.hour, issueHourly.count, where, range, now);
}
