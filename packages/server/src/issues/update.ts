import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { issueActivity, issues, releases, users } from '../db/schema.js';
import { releaseKey, sortReleases } from '../releases/semver.js';
import type { Db } from '../db/types.js';
import { badRequest } from '../http/errors.js';
import { parseTime } from '../http/time.js';

type IssueSet = Partial<Record<keyof typeof issues.$inferInsert, unknown>>;

/**
 * Turns a PATCH body (api.md) into the columns to set. Values that depend on the row (the release it
 * is resolved in, the count that ends an ignore) are SQL expressions, so one statement serves the
 * single and the bulk update.
 */
export async function parseIssueUpdate(
  db: Db,
  projectId: number,
  body: Record<string, unknown>,
  now: Date,
): Promise<IssueSet> {
  const set: IssueSet = {};
  let status = body.status;
  if (status === undefined && (body.ignore_until !== undefined || body.ignore_count !== undefined))
    status = 'ignored';
  if (status !== undefined) {
    if (status !== 'resolved' && status !== 'unresolved' && status !== 'ignored') {
      throw badRequest('status must be one of resolved, unresolved, ignored');
    }
    Object.assign(set, {
      status,
      substatus: status === 'unresolved' ? 'ongoing' : null,
      resolvedAt: status === 'resolved' ? now : null,
      resolvedInRelease: null,
      resolvedBeforeRelease: null,
      holdReleaseKey: null,
      ignoreUntil: null,
      ignoreUntilCount: null,
    });
  }
  if (body.resolved_in !== undefined) {
    if (status !== 'resolved') throw badRequest('resolved_in needs "status": "resolved"');
    // api.md: held against the newest release the project has seen, in any environment, at this moment
    // (not the issue's own last release: the fix ships in a release after every one deployed so far)
    if (body.resolved_in === 'next_release')
      set.resolvedBeforeRelease = (await newestRelease(db, projectId)) ?? sql`${issues.lastRelease}`;
    else if (
      typeof body.resolved_in === 'string' &&
      body.resolved_in.trim() &&
      body.resolved_in.length <= 250
    ) {
      set.resolvedInRelease = body.resolved_in.trim();
      set.holdReleaseKey = releaseKey(body.resolved_in.trim());
    } else throw badRequest('resolved_in must be "next_release" or a release version');
  }
  if (body.ignore_until !== undefined && body.ignore_until !== null) {
    const until = parseTime(body.ignore_until, 'ignore_until');
    if (until <= now) throw badRequest('ignore_until must be in the future');
    set.ignoreUntil = until;
  }
  if (body.ignore_count !== undefined && body.ignore_count !== null) {
    const n = body.ignore_count;
    // counts are bigint: a count past 2^53 could not be compared exactly, nor ever be reached
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
      throw badRequest('ignore_count must be a positive integer below 2^53');
    set.ignoreUntilCount = sql`${issues.count} + ${n}`;
  }
  if (set.status !== undefined && set.status !== 'ignored' && (set.ignoreUntil || set.ignoreUntilCount)) {
    throw badRequest('ignore_until and ignore_count need "status": "ignored"');
  }
  if (body.assignee !== undefined) {
    if (body.assignee === null) set.assignee = null;
    else if (typeof body.assignee !== 'string') throw badRequest('assignee must be a user email or null');
    else {
      const email = body.assignee.trim().toLowerCase();
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
      if (!user) throw badRequest(`assignee: no user with the email ${email}`);
      set.assignee = email;
    }
  }
  if (!Object.keys(set).length) {
    throw badRequest('nothing to change: send status, resolved_in, ignore_until, ignore_count or assignee');
  }
  return set;
}

async function newestRelease(db: Db, projectId: number): Promise<string | null> {
  const rows = await db
    .select({ version: releases.version, firstSeen: releases.firstSeen })
    .from(releases)
    .where(eq(releases.projectId, projectId));
  return sortReleases(rows)[0]?.version ?? null;
}

/**
 * Applies the change to the project's issues among `ids` (merged ones excepted) and writes it to
 * their history. Returns the updated rows.
 */
export async function updateIssues(
  db: Db,
  projectId: number,
  ids: number[],
  set: IssueSet,
  actor: string,
  now: Date,
) {
  return db.transaction(async (tx) => {
    let rows = await tx
      .update(issues)
      .set(set as typeof issues.$inferInsert)
      .where(and(eq(issues.projectId, projectId), inArray(issues.id, ids), isNull(issues.mergedInto)))
      .returning();
    // "resolve in next release" holds the issue through its current release: the key of each one's own
    const held = rows.filter(
      (r) => r.resolvedBeforeRelease !== null && releaseKey(r.resolvedBeforeRelease) !== null,
    );
    if (set.resolvedBeforeRelease !== undefined && held.length) {
      for (const r of held) {
        const [row] = await tx
          .update(issues)
          .set({ holdReleaseKey: releaseKey(r.resolvedBeforeRelease) })
          .where(eq(issues.id, r.id))
          .returning();
        rows = rows.map((x) => (x.id === row!.id ? row! : x));
      }
    }
    const kinds: string[] = [];
    if (set.status !== undefined) kinds.push(String(set.status));
    if (set.assignee !== undefined) kinds.push(set.assignee === null ? 'unassigned' : 'assigned');
    const activity = rows.flatMap((r) =>
      kinds.map((kind) => ({
        projectId,
        issueId: r.id,
        kind,
        at: now,
        actor,
        release: kind === 'resolved' ? (r.resolvedInRelease ?? r.resolvedBeforeRelease) : null,
        data:
          kind === 'assigned'
            ? { assignee: r.assignee }
            : kind === 'ignored'
              ? { until: r.ignoreUntil, until_count: r.ignoreUntilCount }
              : kind === 'resolved' && r.resolvedBeforeRelease !== null
                ? { next_release: true } // `release` is then the one it must be newer than
                : null,
      })),
    );
    if (activity.length) await tx.insert(issueActivity).values(activity);
    return rows;
  });
}
