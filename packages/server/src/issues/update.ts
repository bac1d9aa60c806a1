import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { issueActivity, issues, releases, users } from '../db/schema.js';
import { sortReleases } from '../releases/semver.js';
import type { Db } from '../db/types.js';
import { badRequest } from '../http/errors.js';
import { applyChange, type ActivityKind, type IssueSet, type StatusChange } from './lifecycle.js';
import type { IssueUpdate } from './schemas.js';

/**
 * Turns a PATCH body into the columns to set (issues/lifecycle.ts owns what each status change
 * writes). Values that depend on the row are SQL, so one statement serves the single and the bulk update.
 */
export async function planIssueUpdate(
  db: Db,
  projectId: number,
  body: IssueUpdate,
  now: Date,
): Promise<{ set: IssueSet; kinds: ActivityKind[] }> {
  const set: IssueSet = {};
  const kinds: ActivityKind[] = [];
  const ignoring = (body.ignore_until ?? null) !== null || (body.ignore_count ?? null) !== null;
  const status = body.status ?? (ignoring ? 'ignored' : undefined);
  if (ignoring && status !== 'ignored')
    throw badRequest('ignore_until and ignore_count need "status": "ignored"');
  if (body.resolved_in !== undefined && status !== 'resolved')
    throw badRequest('resolved_in needs "status": "resolved"');
  if (body.ignore_until && body.ignore_until <= now) throw badRequest('ignore_until must be in the future');
  let change: StatusChange | undefined;
  if (status === 'resolved')
    change =
      body.resolved_in === 'next_release'
        ? { status, inNextRelease: true }
        : { status, inRelease: body.resolved_in };
  else if (status === 'ignored')
    change = { status, until: body.ignore_until ?? undefined, count: body.ignore_count ?? undefined };
  else if (status === 'unresolved') change = { status };
  if (change) {
    // api.md: "next release" is held against the newest release the project has seen, in any
    // environment, at this moment (the fix ships in a release after every one deployed so far)
    const newest =
      change.status === 'resolved' && change.inNextRelease ? await newestRelease(db, projectId) : null;
    const planned = applyChange(change, now, newest);
    Object.assign(set, planned.set);
    kinds.push(planned.kind);
  }
  if (body.assignee !== undefined) {
    if (body.assignee === null) set.assignee = null;
    else {
      const email = body.assignee;
      // a member: an active user (emails compare without case)
      const [user] = await db
        .select({ email: users.email })
        .from(users)
        .where(and(sql`lower(${users.email}) = ${email}`, isNull(users.removedAt)))
        .limit(1);
      if (!user) throw badRequest(`assignee: ${email} is not a member`, { field: 'assignee' });
      set.assignee = user.email;
    }
    kinds.push(body.assignee === null ? 'unassigned' : 'assigned');
  }
  if (!kinds.length) {
    throw badRequest('nothing to change: send status, resolved_in, ignore_until, ignore_count or assignee');
  }
  return { set, kinds };
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
  { set, kinds }: { set: IssueSet; kinds: ActivityKind[] },
  actor: string,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(issues)
      .set(set as typeof issues.$inferInsert)
      .where(and(eq(issues.projectId, projectId), inArray(issues.id, ids), isNull(issues.mergedInto)))
      .returning();
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
