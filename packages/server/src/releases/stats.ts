import { and, eq, gte, sql } from 'drizzle-orm';
import { envMinutely } from '../db/schema.js';
import type { Db } from '../db/types.js';

const HOUR = 3_600_000;

/**
 * A project's events per hour over the last 24 hours (oldest first, zero-filled, ending with the current
 * hour), for one environment or all. Read from the minute counters the writer keeps for deploy health,
 * so it costs no scan of events.
 */
export async function projectHourly(
  db: Db,
  projectId: number,
  environment: string | undefined,
  now: Date,
): Promise<Array<[string, number]>> {
  const currentHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const from = currentHour - 23 * HOUR;
  const hour = sql<number>`floor(extract(epoch from ${envMinutely.minute}) / 3600)`.mapWith(Number);
  const rows = await db
    .select({ hour, count: sql<number>`sum(${envMinutely.count})`.mapWith(Number) })
    .from(envMinutely)
    .where(
      and(
        eq(envMinutely.projectId, projectId),
        gte(envMinutely.minute, new Date(from)),
        environment === undefined ? undefined : eq(envMinutely.environment, environment),
      ),
    )
    .groupBy(hour);
  const counts = new Map(rows.map((r) => [r.hour * HOUR, r.count]));
  const series: Array<[string, number]> = [];
  for (let t = from; t <= currentHour; t += HOUR)
    series.push([new Date(t).toISOString(), counts.get(t) ?? 0]);
  return series;
}
