import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { issueActivity, issues } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { badRequest } from '../http/errors.js';
import { transitions } from './lifecycle.js';

/**
 * Merges issues into the first: events, hashes, tag counters, hourly and minute counts move to it,
 * counters are added up. The merged issues stay as rows with status "merged" and merged_into set,
 * so events still filed under them (by processes that cached their hashes) reach the target.
 */
export async function mergeIssues(db: Db, projectId: number, ids: number[], actor: string, now: Date) {
  const [target, ...others] = ids;
  if (!others.length || new Set(ids).size !== ids.length)
    throw badRequest('ids must name at least two different issues');
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(issues)
      .where(and(eq(issues.projectId, projectId), inArray(issues.id, ids), isNull(issues.mergedInto)))
      .orderBy(issues.id)
      .for('update');
    if (rows.length !== ids.length)
      throw badRequest('every id must be an issue of this project that is not merged already');
    const list = sql.join(
      others.map((id) => sql`${id}`),
      sql`, `,
    );
    const p = projectId;
    await tx.execute(
      sql`update events set issue_id = ${target} where project_id = ${p} and issue_id in (${list})`,
    );
    await tx.execute(
      sql`update issue_hashes set issue_id = ${target} where project_id = ${p} and issue_id in (${list})`,
    );
    await tx.execute(
      sql`update issues set merged_into = ${target} where project_id = ${p} and merged_into in (${list})`,
    );
    // counters keyed by issue: fold the others' rows into the target's, then drop them
    for (const [table, keys] of [
      ['issue_tag_values', 'key, value'],
      ['issue_hourly', 'hour, environment'],
      ['issue_minutely', 'environment, minute'],
    ] as const) {
      const extra =
        table === 'issue_tag_values' ? ', last_seen = greatest(t.last_seen, excluded.last_seen)' : '';
      const cols = table === 'issue_tag_values' ? ', max(last_seen)' : '';
      const colNames = table === 'issue_tag_values' ? ', last_seen' : '';
      await tx.execute(
        sql.raw(`insert into ${table} as t (project_id, issue_id, ${keys}, count${colNames})
          select project_id, ${target}, ${keys}, sum(count)${cols} from ${table}
          where project_id = ${p} and issue_id in (${others.join(',')}) group by project_id, ${keys}
          on conflict (project_id, issue_id, ${keys}) do update set count = t.count + excluded.count${extra}`),
      );
      await tx.execute(
        sql.raw(`delete from ${table} where project_id = ${p} and issue_id in (${others.join(',')})`),
      );
    }
    const all = rows;
    const first = all.reduce((a, b) => (b.firstSeen < a.firstSeen ? b : a));
    const last = all.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
    await tx
      .update(issues)
      .set(transitions.merge(target!) as typeof issues.$inferInsert)
      .where(and(eq(issues.projectId, p), inArray(issues.id, others)));
    const [merged] = await tx
      .update(issues)
      .set({
        count: all.reduce((n, r) => n + r.count, 0),
        firstSeen: first.firstSeen,
        lastSeen: last.lastSeen,
        firstRelease: first.firstRelease,
        lastRelease: last.lastRelease,
        lastReleaseKey: last.lastReleaseKey,
        userCount: sql`(select count(*) from issue_tag_values where project_id = ${p} and issue_id = ${target} and key = 'user')`,
      })
      .where(eq(issues.id, target!))
      .returning();
    await tx.insert(issueActivity).values([
      { projectId: p, issueId: target!, kind: 'merged', at: now, actor, data: { merged: others } },
      ...others.map((id) => ({
        projectId: p,
        issueId: id,
        kind: 'merged' as const,
        at: now,
        actor,
        data: { into: target },
      })),
    ]);
    return merged!;
  });
}
