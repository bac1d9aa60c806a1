import { sql } from 'drizzle-orm';
import { unnest } from '../db/bulk.js';
import type { HotQuery } from '../db/types.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import type { Placement } from './place.js';

/** The tags counted per issue (the issue page's breakdown); `user` also feeds user_count. */
function tagsOf(e: IncomingEvent): Array<[string, string]> {
  const ev = e.event;
  const all: Record<string, string | null> = {
    ...ev.tags,
    level: ev.level,
    release: ev.release,
    environment: ev.environment,
    server_name: ev.server_name,
    user: e.userKey,
  };
  return Object.entries(all).filter((kv): kv is [string, string] => kv[1] !== null && kv[1] !== undefined);
}

/**
 * Inserts the batch's events and updates every counter they touch, in ONE statement: a known
 * event_id inserts nothing, and only the rows really inserted (`ins`) are counted. Aggregation
 * happens in SQL, and each upsert writes its rows in key order so concurrent writers lock alike.
 * One round trip per batch: under load the event loop is busy, and every extra await costs.
 *
 * On the issue: a resolved issue that gets an event becomes unresolved/regressed (unless it was
 * resolved "in the next release" and the event still comes from the release it was resolved in);
 * an ignored issue whose time or count ran out reopens.
 */
export async function storeEvents(
  run: HotQuery,
  events: IncomingEvent[],
  placements: Placement[],
): Promise<number> {
  const tags = events.flatMap((e) =>
    tagsOf(e).map(([k, v]) => [e.projectId, e.event.event_id, k, v] as const),
  );
  const regress = sql`(issues.status = 'resolved' and (issues.resolved_before_release is null or v.last_release is distinct from issues.resolved_before_release))`;
  const unignore = sql`(issues.status = 'ignored' and ((issues.ignore_until is not null and v.last_seen >= issues.ignore_until) or (issues.ignore_until_count is not null and issues.count + v.n >= issues.ignore_until_count)))`;
  const [result] = await run<{ stored: number | string }>(
    sql`with
    x as (select * from json_to_recordset(${sql.param(
      JSON.stringify(
        events.map((e, i) => ({
          p: e.projectId,
          e: e.event.event_id,
          i: placements[i]!.issueId,
          t: e.event.timestamp,
          r: e.event.received_at,
          l: e.event.level,
          rel: e.event.release,
          env: e.event.environment,
          title: e.group.title,
          u: e.userKey,
          d: e.event,
          created: placements[i]!.created,
        })),
      ),
    )}::json) as x(p int, e text, i int, t timestamptz, r timestamptz, l text, rel text, env text, title text, u text, d json, created bool)),
    ins as (
      insert into events (project_id, event_id, issue_id, timestamp, received_at, level, release, environment, title, user_key, data)
      select p, e, i, t, r, l, rel, env, title, u, d from x
      on conflict do nothing
      returning project_id, event_id, issue_id, timestamp, release, environment),
    tag_rows as (
      select ins.project_id, ins.issue_id, tg.k, tg.v, count(*) as n, max(ins.timestamp) as last_seen
      from ${unnest([
        [tags.map((t) => t[0]), 'int'],
        [tags.map((t) => t[1]), 'text'],
        [tags.map((t) => t[2]), 'text'],
        [tags.map((t) => t[3]), 'text'],
      ])} as tg(p, e, k, v)
      join ins on ins.project_id = tg.p and ins.event_id = tg.e
      group by 1, 2, 3, 4),
    tag_up as (
      insert into issue_tag_values (project_id, issue_id, key, value, count, last_seen)
      select * from tag_rows order by 1, 2, 3, 4
      on conflict (project_id, issue_id, key, value) do update
        set count = issue_tag_values.count + excluded.count,
            last_seen = greatest(issue_tag_values.last_seen, excluded.last_seen)
      returning issue_id, key, (xmax = 0) as inserted),
    new_users as (select issue_id, count(*) as n from tag_up where key = 'user' and inserted group by issue_id),
    v as (
      select a.*, coalesce(nu.n, 0) as users from (
        select issue_id as id, count(*) as n, min(timestamp) as first_seen, max(timestamp) as last_seen,
          (array_agg(release order by timestamp) filter (where release is not null))[1] as first_release,
          (array_agg(release order by timestamp desc) filter (where release is not null))[1] as last_release
        from ins group by issue_id) a
      left join new_users nu on nu.issue_id = a.id),
    issue_up as (
      update issues set
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
      from v where issues.id = v.id
      returning issues.id),
    hour_up as (
      insert into issue_hourly (project_id, issue_id, hour, environment, count)
      select project_id, issue_id, date_trunc('hour', timestamp, 'UTC'), coalesce(environment, ''), count(*)
      from ins group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (project_id, issue_id, hour, environment) do update set count = issue_hourly.count + excluded.count
      returning 1),
    release_up as (
      insert into releases (project_id, version, first_seen, last_seen, event_count, new_issues)
      select ins.project_id, ins.release, min(ins.timestamp), max(ins.timestamp), count(*),
             count(distinct ins.issue_id) filter (where x.created)
      from ins join x on x.p = ins.project_id and x.e = ins.event_id
      where ins.release is not null
      group by 1, 2 order by 1, 2
      on conflict (project_id, version) do update set
        event_count = releases.event_count + excluded.event_count,
        new_issues = releases.new_issues + excluded.new_issues,
        first_seen = least(releases.first_seen, excluded.first_seen),
        last_seen = greatest(releases.last_seen, excluded.last_seen)
      returning 1)
    select (select count(*) from ins) as stored,
           (select count(*) from issue_up) + (select count(*) from hour_up) + (select count(*) from release_up) as touched`,
  );
  return Number(result?.stored ?? 0);
}
