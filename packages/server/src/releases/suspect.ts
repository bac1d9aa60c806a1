import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { deploys, events, issueActivity, type IssueRow } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { deployJson } from './deploys.js';

/**
 * The deploy to suspect for an issue: the last deploy to its environment before it first appeared
 * (or, for a regression, before it came back) that shipped the release its event came from. A deploy
 * of another release did not ship the failing code (an old host still serving 1.0.0 after 1.1.0 went
 * out), so it is not blamed; an event without a release takes the last deploy.
 */
export async function suspectDeploy(db: Db, issue: IssueRow) {
  let at = issue.firstSeen;
  let order = asc(events.timestamp);
  if (issue.substatus === 'regressed') {
    const [regression] = await db
      .select({ at: issueActivity.at })
      .from(issueActivity)
      .where(
        and(
          eq(issueActivity.projectId, issue.projectId),
          eq(issueActivity.issueId, issue.id),
          eq(issueActivity.kind, 'regressed'),
        ),
      )
      .orderBy(desc(issueActivity.at))
      .limit(1);
    if (regression) {
      at = regression.at;
      order = desc(events.timestamp);
    }
  }
  const [event] = await db
    .select({ environment: events.environment, release: events.release })
    .from(events)
    .where(and(eq(events.projectId, issue.projectId), eq(events.issueId, issue.id)))
    .orderBy(order)
    .limit(1);
  const [deploy] = await db
    .select()
    .from(deploys)
    .where(
      and(
        eq(deploys.projectId, issue.projectId),
        event?.environment ? eq(deploys.environment, event.environment) : undefined,
        event?.release ? eq(deploys.release, event.release) : undefined,
        lte(deploys.finishedAt, at),
      ),
    )
    .orderBy(desc(deploys.finishedAt), desc(deploys.id))
    .limit(1);
  if (!deploy) return null;
  return {
    ...deployJson(deploy),
    reason: issue.substatus === 'regressed' ? 'regressed after this deploy' : 'first seen after this deploy',
  };
}
