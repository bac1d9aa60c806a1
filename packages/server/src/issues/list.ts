import { and, desc, eq, gte, ilike, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { issues, issueTagValues, spikes } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { spikingSince } from '../releases/spikes.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { NEW_FOR_MS } from './lifecycle.js';
import type { IssueFilter } from './search.js';

const SORTS = { last_seen: issues.lastSeen, first_seen: issues.firstSeen, count: issues.count } as const;
export type Sort = keyof typeof SORTS;

const hasTag = (key: string, value: string) =>
  sql`exists (select 1 from ${issueTagValues} t where t.project_id = ${issues.projectId} and t.issue_id = ${issues.id} and t.key = ${key} and t.value = ${value})`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of a project's issues, newest/first/most frequent first, by keyset (never OFFSET). */
export interface ListOptions {
  filter: IssueFilter;
  sort: Sort;
  limit: number;
  cursor: string | undefined;
  now: Date;
}

export async function listIssues(
  db: Db,
  projectId: number,
  { filter, sort, limit, cursor, now }: ListOptions,
) {
  const column = SORTS[sort];
  const where: Array<SQL | undefined> = [eq(issues.projectId, projectId)];
  if (filter.status !== 'all') where.push(eq(issues.status, filter.status));
  else where.push(ne(issues.status, 'merged'));
  if (filter.substatus === 'new')
    where.push(eq(issues.substatus, 'new'), gte(issues.firstSeen, new Date(now.getTime() - NEW_FOR_MS)));
  else if (filter.substatus) where.push(eq(issues.substatus, filter.substatus));
  if (filter.level) where.push(eq(issues.level, filter.level));
  if (filter.assignee === null) where.push(isNull(issues.assignee));
  else if (filter.assignee !== undefined)
    where.push(sql`lower(${issues.assignee}) = ${filter.assignee.toLowerCase()}`);
  if (filter.spiking)
    where.push(
      sql`exists (select 1 from ${spikes} s where s.project_id = ${issues.projectId} and s.issue_id = ${issues.id} and s.window_end >= ${spikingSince(now).toISOString()}::timestamptz)`,
    );
  if (filter.environment) where.push(hasTag('environment', filter.environment));
  if (filter.release) where.push(hasTag('release', filter.release));
  for (const word of filter.text) {
    const pattern = `%${escapeLike(word)}%`;
    where.push(or(ilike(issues.title, pattern), ilike(issues.culprit, pattern)));
  }
  const after = decodeCursor(cursor, sort === 'count' ? 'count' : 'time');
  if (after) {
    const { value, id } = after;
    where.push(or(lt(column, value), and(eq(column, value), lt(issues.id, id))));
  }
  const rows = await db
    .select()
    .from(issues)
    .where(and(...where))
    .orderBy(desc(column), desc(issues.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    rows.length > limit && last
      ? encodeCursor(
          sort === 'count'
            ? last.count
            : (sort === 'first_seen' ? last.firstSeen : last.lastSeen).toISOString(),
          last.id,
        )
      : null;
  return { page, next };
}
