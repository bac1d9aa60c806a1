import { and, desc, gte, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { deploys } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { deployHealth } from '../releases/health.js';

const MINUTE = 60_000;
/** a deploy's verdict can still change for this long (its health window is an hour) */
const WATCH_MS = 65 * MINUTE;

/**
 * Deploys whose verdict turned bad or suspect: a fact each, the moment it is reached (the unique
 * index on (deploy_id, trigger) keeps it to one per deploy and verdict, whoever sees it first).
 */
export async function watchDeploys(db: Db, now: Date): Promise<number> {
  const recent = await db
    .select()
    .from(deploys)
    .where(and(gte(deploys.finishedAt, new Date(now.getTime() - WATCH_MS))))
    .orderBy(desc(deploys.finishedAt))
    .limit(100);
  let found = 0;
  for (const deploy of recent) {
    const health = await deployHealth(db, deploy, now);
    if (health.verdict !== 'bad' && health.verdict !== 'suspect') continue;
    const suspects = [...health.new_issues, ...health.regressed_issues, ...health.spiking_issues]
      .slice(0, 5)
      .map((i) => ({ id: i.id, title: i.title }));
    const inserted = await rowsOf(
      db,
      sql`insert into alert_facts (project_id, trigger, deploy_id, environment, level, data, created_at)
          values (${deploy.projectId}, ${`deploy_${health.verdict}`}, ${deploy.id}, ${deploy.environment}, 'error',
                  ${JSON.stringify({ verdict: health.verdict, reason: health.reason, suspects })}::jsonb,
                  ${now.toISOString()}::timestamptz)
          on conflict (project_id, deploy_id, trigger) where deploy_id is not null do nothing
          returning 1`,
    );
    found += inserted.length;
  }
  return found;
}

/**
 * Frequency rules ("N events in M minutes" for one issue): issues over a rule's count in its window
 * get a fact (the rule's throttle keeps it to one message per window).
 */
export async function watchFrequency(db: Db, now: Date): Promise<number> {
  const rows = await rowsOf<{ n: number | string }>(
    db,
    sql`with rules as (
          select id, project_id, (frequency->>'count')::int as count, (frequency->>'minutes')::int as minutes
          from alert_rules where enabled and triggers ? 'frequency' and frequency is not null),
        over as (
          select r.project_id, r.id as rule_id, m.issue_id, sum(m.count) as n, r.minutes
          from rules r
          join issue_minutely m on m.project_id = r.project_id
            and m.minute >= ${now.toISOString()}::timestamptz - make_interval(mins => r.minutes)
          group by r.project_id, r.id, m.issue_id, r.count, r.minutes
          having sum(m.count) >= r.count),
        fresh as (
          -- not again while an earlier fact for this issue is younger than the window
          select distinct on (o.issue_id) o.* from over o
          where not exists (select 1 from alert_facts f where f.trigger = 'frequency' and f.issue_id = o.issue_id
                              and f.created_at > ${now.toISOString()}::timestamptz - make_interval(mins => o.minutes))
          order by o.issue_id, o.n desc),
        ins as (
          insert into alert_facts (project_id, trigger, issue_id, level, data, created_at)
          select f.project_id, 'frequency', f.issue_id, i.level,
                 json_build_object('count', f.n, 'minutes', f.minutes), ${now.toISOString()}::timestamptz
          from fresh f join issues i on i.id = f.issue_id
          returning 1)
        select count(*) as n from ins`,
  );
  return Number(rows[0]?.n ?? 0);
}
