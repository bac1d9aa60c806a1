import { sql } from 'drizzle-orm';
import { unnest } from '../db/bulk.js';
import type { HotQuery } from '../db/types.js';
import type { IncomingEvent } from '../ingest/normalize.js';
import { NEWER_RELEASE, WRITER_STATUS_SET, writerActivityKind } from '../issues/lifecycle.js';
import { releaseKey } from '../releases/semver.js';
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
 * event_id (event_ids) inserts nothing, and only the rows really inserted (`fresh`) are counted. Aggregation
 * happens in SQL, and each upsert writes its rows in key order so concurrent writers lock alike.
 * One round trip per batch: under load the event loop is busy, and every extra await costs.
 *
 * On the issue: a resolved issue that gets an event from a newer release becomes unresolved/
 * regressed; an ignored issue whose time or count ran out reopens; both are written to the issue's
 * history. An issue's first events and a regression are written to the alert outbox (alert_facts). Events placed in an issue that was merged meanwhile go to the issue it was merged into.
 */
export async function storeEvents(
  run: HotQuery,
  events: IncomingEvent[],
  placements: Placement[],
): Promise<{ stored: number; issueGone: boolean }> {
  const tags = events.flatMap((e) =>
    tagsOf(e).map(([k, v]) => [e.projectId, e.event.event_id, k, v] as const),
  );
  const rows = events.map((e, i) => ({
    p: e.projectId,
    e: e.event.event_id,
    i: placements[i]!.issueId,
    t: e.event.timestamp,
    r: e.event.received_at,
    l: e.event.level,
    rel: e.event.release,
    rk: releaseKey(e.event.release),
    env: e.event.environment,
    title: e.group.title,
    u: e.userKey,
    d: e.event,
    created: placements[i]!.created,
  }));
  const [result] = await run<{ stored: number | string; gone: number | string }>(
    sql`with
    raw as (select * from json_to_recordset(${sql.param(JSON.stringify(rows))}::json)
      as r(p int, e text, i int, t timestamptz, r timestamptz, l text, rel text, rk text, env text, title text, u text, d json, created bool)),
    x as (
      select raw.p, raw.e, coalesce(m.merged_into, raw.i) as i, raw.t, raw.r, raw.l, raw.rel, raw.rk, raw.env, raw.title, raw.u, raw.d, raw.created
      from raw left join issues m on m.id = raw.i and m.merged_into is not null),
    -- an issue that retention removed after this process cached its id: nothing is written, and
    -- the caller places the batch again
    gone as (select 1 from raw left join issues g on g.id = raw.i where g.id is null limit 1),
    -- event_ids says which events are new: events is partitioned by day, so its own key cannot
    ids as (
      insert into event_ids (project_id, event_id, received_at)
      select distinct on (p, e) p, e, r from x where not exists (select 1 from gone) order by p, e
      on conflict do nothing
      returning project_id, event_id),
    ins as (
      insert into events (project_id, event_id, issue_id, timestamp, received_at, level, release, environment, title, user_key, data)
      select distinct on (x.p, x.e) x.p, x.e, x.i, x.t, x.r, x.l, x.rel, x.env, x.title, x.u, x.d
      from x join ids on ids.project_id = x.p and ids.event_id = x.e
      order by x.p, x.e
      returning project_id, event_id),
    fresh as (
      select distinct on (x.p, x.e) x.* from x join ins on ins.project_id = x.p and ins.event_id = x.e
      order by x.p, x.e),
    tag_rows as (
      select fresh.p, fresh.i, tg.k, tg.v, count(*) as n, max(fresh.t) as last_seen
      from ${unnest([
        [tags.map((t) => t[0]), 'int'],
        [tags.map((t) => t[1]), 'text'],
        [tags.map((t) => t[2]), 'text'],
        [tags.map((t) => t[3]), 'text'],
      ])} as tg(p, e, k, v)
      join fresh on fresh.p = tg.p and fresh.e = tg.e
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
        select i as id, count(*) as n, min(t) as first_seen, max(t) as last_seen, max(rk collate "C") as max_key,
          (array_agg(rel order by rk collate "C" desc nulls last, t desc) filter (where rel is not null))[1] as new_release,
          (array_agg(rel order by t) filter (where rel is not null))[1] as first_release,
          (array_agg(rel order by t desc) filter (where rel is not null))[1] as last_release,
          (array_agg(env order by t))[1] as first_env, (array_agg(l order by t))[1] as first_level,
          (array_agg(env order by t desc))[1] as last_env, (array_agg(l order by t desc))[1] as last_level
        from fresh group by i) a
      left join new_users nu on nu.issue_id = a.id),
    issue_up as (
      update issues set
        count = issues.count + v.n,
        user_count = issues.user_count + v.users,
        first_seen = least(issues.first_seen, v.first_seen),
        last_seen = greatest(issues.last_seen, v.last_seen),
        first_release = case when v.first_seen < issues.first_seen or issues.first_release is null
                             then coalesce(v.first_release, issues.first_release) else issues.first_release end,
        last_release = case when ${NEWER_RELEASE} then v.new_release else issues.last_release end,
        last_release_key = case when ${NEWER_RELEASE} then v.max_key else issues.last_release_key end,
        ${WRITER_STATUS_SET}
      from v join issues prev on prev.id = v.id
      where issues.id = v.id
      returning issues.project_id, issues.id, prev.status as old_status, issues.status as new_status,
                v.last_seen, coalesce(v.last_release, issues.last_release) as last_release,
                prev.count as old_count, v.first_env, v.first_level, v.last_env, v.last_level),
    -- the alert outbox (alerts/): written with the change itself, so a committed new issue or
    -- regression always alerts and an uncommitted one never does
    alert_up as (
      insert into alert_facts (project_id, trigger, issue_id, environment, level)
      select project_id, 'new_issue', id, first_env, first_level from issue_up where old_count = 0
      union all
      select project_id, 'regression', id, last_env, last_level from issue_up
      where old_status = 'resolved' and new_status = 'unresolved'
      returning 1),
    reopened as (
      insert into issue_activity (project_id, issue_id, kind, at, release)
      select project_id, id, ${writerActivityKind(sql`old_status`)}, last_seen, last_release
      from issue_up where old_status <> 'unresolved' and new_status = 'unresolved'
      returning project_id, issue_id, kind, release),
    regressed_by_release as (
      select project_id, release, count(*) as n from reopened where kind = 'regressed' and release is not null group by 1, 2),
    hour_up as (
      insert into issue_hourly (project_id, issue_id, hour, environment, count)
      select p, i, date_trunc('hour', t, 'UTC'), coalesce(env, ''), count(*)
      from fresh group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (project_id, issue_id, hour, environment) do update set count = issue_hourly.count + excluded.count
      returning 1),
    issue_minute_up as (
      insert into issue_minutely (project_id, issue_id, environment, minute, count)
      select p, i, coalesce(env, ''), date_trunc('minute', t, 'UTC'), count(*)
      from fresh group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (project_id, issue_id, environment, minute) do update set count = issue_minutely.count + excluded.count
      returning 1),
    env_minute_up as (
      insert into env_minutely (project_id, environment, minute, release, count)
      select p, coalesce(env, ''), date_trunc('minute', t, 'UTC'), coalesce(rel, ''), count(*)
      from fresh group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (project_id, environment, minute, release) do update set count = env_minutely.count + excluded.count
      returning 1),
    -- GET …/usage reads these, never the events: bytes are the JSON text's length
    storage_up as (
      insert into storage_daily (project_id, day, events, bytes)
      select p, date_trunc('day', r, 'UTC'), count(*), sum(octet_length(d::text))
      from fresh group by 1, 2 order by 1, 2
      on conflict (project_id, day) do update
        set events = storage_daily.events + excluded.events, bytes = storage_daily.bytes + excluded.bytes
      returning 1),
    release_up as (
      insert into releases (project_id, version, first_seen, last_seen, event_count, new_issues, regressed_issues)
      select f.p, f.rel, min(f.t), max(f.t), count(*), count(distinct f.i) filter (where f.created),
             coalesce(max(rb.n), 0)
      from fresh f left join regressed_by_release rb on rb.project_id = f.p and rb.release = f.rel
      where f.rel is not null
      group by 1, 2 order by 1, 2
      on conflict (project_id, version) do update set
        event_count = releases.event_count + excluded.event_count,
        new_issues = releases.new_issues + excluded.new_issues,
        regressed_issues = releases.regressed_issues + excluded.regressed_issues,
        first_seen = least(releases.first_seen, excluded.first_seen),
        last_seen = greatest(releases.last_seen, excluded.last_seen)
      returning 1)
    select (select count(*) from ins) as stored, (select count(*) from gone) as gone,
           (select count(*) from issue_up) + (select count(*) from hour_up) + (select count(*) from release_up)
           + (select count(*) from issue_minute_up) + (select count(*) from env_minute_up)
           + (select count(*) from storage_up) as touched`,
  );
  return { stored: Number(result?.stored ?? 0), issueGone: Number(result?.gone ?? 0) > 0 };
}
