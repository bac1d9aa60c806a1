import { and, asc, eq, gt, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { deploys, envMinutely, issueActivity, issueMinutely, issues, type Deploy } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { BASELINE_MINUTES, judge, type IssueWindow } from './verdict.js';

const MINUTE = 60_000;
/** how long after a deploy its window runs */
const WINDOW_MINUTES = 60;

/**
 * The health of a deploy: its environment's minute counters for the hour before versus the minutes
 * since (up to an hour), which issues are new, came back or spike, and per-release rates for when
 * several releases run at once (a canary beside the baseline). Reads counters, never events.
 */
export async function deployHealth(db: Db, deploy: Deploy, now: Date) {
  const start = Math.floor(deploy.finishedAt.getTime() / MINUTE) * MINUTE;
  // a deploy answers for what happened until the next deploy to its environment, not after it
  const [next] = await db
    .select({ finishedAt: deploys.finishedAt })
    .from(deploys)
    .where(
      and(
        eq(deploys.projectId, deploy.projectId),
        eq(deploys.environment, deploy.environment),
        or(
          gt(deploys.finishedAt, deploy.finishedAt),
          and(eq(deploys.finishedAt, deploy.finishedAt), gt(deploys.id, deploy.id)),
        ),
      ),
    )
    .orderBy(asc(deploys.finishedAt), asc(deploys.id))
    .limit(1);
  const until = Math.min(start + WINDOW_MINUTES * MINUTE, next?.finishedAt.getTime() ?? Infinity);
  // counters are per minute: the minute in which the next deploy landed is left to it
  const lastMinute = Math.max(start, Math.floor(until / MINUTE) * MINUTE);
  const end = Math.min(Math.floor(now.getTime() / MINUTE) * MINUTE, lastMinute);
  const k = Math.max(0, Math.round((end - start) / MINUTE));
  // rates compare whole minutes, but a new issue counts the moment it appears: the first question
  // after a deploy is "anything new?", and it should not wait for a minute to end
  const issuesEnd = Math.min(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE, lastMinute);
  const from = new Date(start - BASELINE_MINUTES * MINUTE);
  const env = deploy.environment;
  const where = and(eq(envMinutely.projectId, deploy.projectId), eq(envMinutely.environment, env));

  const [minutes, byRelease, issueAfter] = await Promise.all([
    db
      .select({ minute: envMinutely.minute, count: sql<number>`sum(${envMinutely.count})`.mapWith(Number) })
      .from(envMinutely)
      .where(and(where, gte(envMinutely.minute, from), lt(envMinutely.minute, new Date(end))))
      .groupBy(envMinutely.minute),
    db
      .select({ release: envMinutely.release, count: sql<number>`sum(${envMinutely.count})`.mapWith(Number) })
      .from(envMinutely)
      .where(and(where, gte(envMinutely.minute, new Date(start)), lt(envMinutely.minute, new Date(end))))
      .groupBy(envMinutely.release),
    db
      .select({ id: issueMinutely.issueId, count: sql<number>`sum(${issueMinutely.count})`.mapWith(Number) })
      .from(issueMinutely)
      .where(
        and(
          eq(issueMinutely.projectId, deploy.projectId),
          eq(issueMinutely.environment, env),
          gte(issueMinutely.minute, new Date(start)),
          lt(issueMinutely.minute, new Date(issuesEnd)),
        ),
      )
      .groupBy(issueMinutely.issueId),
  ]);

  const counts = new Map(minutes.map((m) => [m.minute.getTime(), m.count]));
  const series = (a: number, n: number) =>
    Array.from({ length: n }, (_, i) => counts.get(a + i * MINUTE) ?? 0);
  const ids = issueAfter.map((i) => i.id);
  const [rows, before, regressions] = ids.length
    ? await Promise.all([
        db
          .select({ id: issues.id, title: issues.title, firstSeen: issues.firstSeen })
          .from(issues)
          .where(inArray(issues.id, ids)),
        db
          .select({
            id: issueMinutely.issueId,
            count: sql<number>`sum(${issueMinutely.count})`.mapWith(Number),
          })
          .from(issueMinutely)
          .where(
            and(
              eq(issueMinutely.projectId, deploy.projectId),
              eq(issueMinutely.environment, env),
              inArray(issueMinutely.issueId, ids),
              gte(issueMinutely.minute, from),
              lt(issueMinutely.minute, new Date(start)),
            ),
          )
          .groupBy(issueMinutely.issueId),
        db
          .selectDistinct({ id: issueActivity.issueId })
          .from(issueActivity)
          .where(
            and(
              eq(issueActivity.projectId, deploy.projectId),
              eq(issueActivity.kind, 'regressed'),
              inArray(issueActivity.issueId, ids),
              gte(issueActivity.at, deploy.finishedAt),
              lt(issueActivity.at, new Date(until)),
            ),
          ),
      ])
    : [[], [], []];
  const beforeOf = new Map(before.map((b) => [b.id, b.count]));
  const regressedIds = new Set(regressions.map((r) => r.id));
  const issueWindows: IssueWindow[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    after: issueAfter.find((i) => i.id === r.id)!.count,
    before: beforeOf.get(r.id) ?? 0,
    isNew: r.firstSeen >= deploy.finishedAt && r.firstSeen.getTime() < until,
    regressed: regressedIds.has(r.id),
  }));

  const result = judge({
    baseline: series(from.getTime(), BASELINE_MINUTES),
    after: series(start, k),
    issues: issueWindows,
  });
  return {
    deploy_id: deploy.id,
    release: deploy.release,
    environment: env,
    window: {
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      minutes: k,
      baseline_minutes: BASELINE_MINUTES,
    },
    ...result,
    // events per minute by release in the window: a canary's rate beside the release it replaces
    releases: byRelease
      .map((r) => ({
        release: r.release || null,
        events: r.count,
        per_minute: Math.round((r.count / Math.max(k, 1)) * 100) / 100,
      }))
      .sort((a, b) => b.events - a.events),
  };
}
