import { sql } from 'drizzle-orm';
import { issueHourly, issues, issueTagValues, releases } from '../db/schema.js';
import type { Tx } from '../db/rows.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import type { Placement } from './place.js';

// Denormalized counters, updated once per batch from the events that were really new (a retried
// event_id never counts twice). Every statement aggregates first and writes rows in key order, so
// concurrent writers (other processes) lock in the same order and never deadlock each other.

export interface Fresh {
  e: IncomingEvent;
  at: Placement;
}

const byKey = <T>(rows: Map<string, T>) => [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

/** Upserts tag value counters; returns, per issue, how many users were seen for the first time. */
export async function countTags(tx: Tx, fresh: Fresh[]): Promise<Map<number, number>> {
  const rows = new Map<string, typeof issueTagValues.$inferInsert & { count: number }>();
  for (const { e, at } of fresh) {
    const ev = e.event;
    const tags: Record<string, string | null> = {
      ...ev.tags,
      level: ev.level,
      release: ev.release,
      environment: ev.environment,
      server_name: ev.server_name,
      user: e.userKey,
    };
    for (const [k, v] of Object.entries(tags)) {
      if (v === null || v === undefined) continue;
      const id = `${e.projectId}\u0000${at.issueId}\u0000${k}\u0000${v}`;
      const row = rows.get(id);
      if (row) {
        row.count += 1;
        if (e.timestamp > row.lastSeen!) row.lastSeen = e.timestamp;
      } else rows.set(id, { projectId: e.projectId, issueId: at.issueId, key: k, value: v, count: 1, lastSeen: e.timestamp });
    }
  }
  const newUsers = new Map<number, number>();
  if (!rows.size) return newUsers;
  const result = await tx
    .insert(issueTagValues)
    .values(byKey(rows))
    .onConflictDoUpdate({
      target: [issueTagValues.projectId, issueTagValues.issueId, issueTagValues.key, issueTagValues.value],
      set: {
        count: sql`${issueTagValues.count} + excluded.count`,
        lastSeen: sql`greatest(${issueTagValues.lastSeen}, excluded.last_seen)`,
      },
    })
    .returning({ issueId: issueTagValues.issueId, key: issueTagValues.key, inserted: sql<boolean>`(xmax = 0)` });
  for (const r of result) if (r.key === 'user' && r.inserted) newUsers.set(r.issueId, (newUsers.get(r.issueId) ?? 0) + 1);
  return newUsers;
}

interface IssueDelta {
  id: number;
  n: number;
  users: number;
  first: Date;
  last: Date;
  firstRelease: string | null;
  lastRelease: string | null;
}

/**
 * Adds the batch to each issue's counters, and reopens what the batch proves is back: a resolved
 * issue becomes unresolved/regressed (unless it was resolved "in the next release" and the event is
 * still from the release it was resolved in); an ignored issue whose time or count ran out reopens.
 */
export async function countIssues(tx: Tx, fresh: Fresh[], newUsers: Map<number, number>): Promise<void> {
  const deltas = new Map<string, IssueDelta>();
  for (const { e, at } of fresh) {
    const k = String(at.issueId).padStart(12, '0');
    const d = deltas.get(k);
    if (!d) {
      deltas.set(k, {
        id: at.issueId,
        n: 1,
        users: newUsers.get(at.issueId) ?? 0,
        first: e.timestamp,
        last: e.timestamp,
        firstRelease: e.event.release,
        lastRelease: e.event.release,
      });
      continue;
    }
    d.n += 1;
    if (e.timestamp < d.first) [d.first, d.firstRelease] = [e.timestamp, e.event.release ?? d.firstRelease];
    if (e.timestamp >= d.last) [d.last, d.lastRelease] = [e.timestamp, e.event.release ?? d.lastRelease];
  }
  const values = byKey(deltas).map(
    (d) =>
      sql`(${d.id}::int, ${d.n}::bigint, ${d.users}::int, ${d.first.toISOString()}::timestamptz, ${d.last.toISOString()}::timestamptz, ${d.firstRelease}::text, ${d.lastRelease}::text)`,
  );
  const regress = sql`(issues.status = 'resolved' and (issues.resolved_before_release is null or v.last_release is distinct from issues.resolved_before_release))`;
  const unignore = sql`(issues.status = 'ignored' and ((issues.ignore_until is not null and v.last_seen >= issues.ignore_until) or (issues.ignore_until_count is not null and issues.count + v.n >= issues.ignore_until_count)))`;
  await tx.execute(sql`
    update ${issues} set
      count = issues.count + v.n,
      user_count = issues.user_count + v.users,
      first_seen = least(issues.first_seen, v.first_seen),
      last_seen = greatest(issues.last_seen, v.last_seen),
      first_release = case when v.first_seen < issues.first_seen or issues.first_release is null
                           then coalesce(v.first_release, issues.first_release) else issues.first_release end,
      last_release = case when v.last_seen >= issues.last_seen then coalesce(v.last_release, issues.last_release)
                          else issues.last_release end,
      status = case when ${regress} or ${unignore} then 'unresolved' else issues.status end,
      substatus = case when ${regress} then 'regressed' when ${unignore} then 'ongoing' else issues.substatus end,
      resolved_at = case when ${regress} then null else issues.resolved_at end,
      resolved_before_release = case when ${regress} then null else issues.resolved_before_release end,
      ignore_until = case when ${unignore} then null else issues.ignore_until end,
      ignore_until_count = case when ${unignore} then null else issues.ignore_until_count end
    from (values ${sql.join(values, sql`, `)}) as v(id, n, users, first_seen, last_seen, first_release, last_release)
    where issues.id = v.id`);
}

export async function countHours(tx: Tx, fresh: Fresh[]): Promise<void> {
  const rows = new Map<string, typeof issueHourly.$inferInsert & { count: number }>();
  for (const { e, at } of fresh) {
    const hour = hourOf(e.timestamp);
    const environment = e.event.environment ?? '';
    const id = `${e.projectId}\u0000${at.issueId}\u0000${hour.toISOString()}\u0000${environment}`;
    const row = rows.get(id);
    if (row) row.count += 1;
    else rows.set(id, { projectId: e.projectId, issueId: at.issueId, hour, environment, count: 1 });
  }
  await tx
    .insert(issueHourly)
    .values(byKey(rows))
    .onConflictDoUpdate({
      target: [issueHourly.projectId, issueHourly.issueId, issueHourly.hour, issueHourly.environment],
      set: { count: sql`${issueHourly.count} + excluded.count` },
    });
}

export async function countReleases(tx: Tx, fresh: Fresh[]): Promise<void> {
  const rows = new Map<string, typeof releases.$inferInsert & { eventCount: number; newIssues: number }>();
  const counted = new Set<number>();
  for (const { e, at } of fresh) {
    const version = e.event.release;
    if (!version) continue;
    const id = `${e.projectId}\u0000${version}`;
    let row = rows.get(id);
    if (!row) {
      row = { projectId: e.projectId, version, firstSeen: e.timestamp, lastSeen: e.timestamp, eventCount: 0, newIssues: 0 };
      rows.set(id, row);
    }
    row.eventCount += 1;
    if (e.timestamp < row.firstSeen) row.firstSeen = e.timestamp;
    if (e.timestamp > row.lastSeen) row.lastSeen = e.timestamp;
    if (at.created && !counted.has(at.issueId)) {
      counted.add(at.issueId);
      row.newIssues += 1;
    }
  }
  if (!rows.size) return;
  await tx
    .insert(releases)
    .values(byKey(rows))
    .onConflictDoUpdate({
      target: [releases.projectId, releases.version],
      set: {
        eventCount: sql`${releases.eventCount} + excluded.event_count`,
        newIssues: sql`${releases.newIssues} + excluded.new_issues`,
        firstSeen: sql`least(${releases.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`greatest(${releases.lastSeen}, excluded.last_seen)`,
      },
    });
}
