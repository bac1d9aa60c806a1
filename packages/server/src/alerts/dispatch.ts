import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { alertChannels, alertDeliveries, alertRules, issues, type AlertTrigger } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { LEVELS } from '../ingest/event.js';

interface FactRow {
  id: number | string;
  project_id: number;
  trigger: AlertTrigger;
  issue_id: number | null;
  deploy_id: number | null;
  environment: string | null;
  level: string | null;
}

/** fatal is the most severe: a rule's min_level "error" takes error and fatal. */
const severity = (level: string | null) => {
  const i = (LEVELS as readonly string[]).indexOf(level ?? 'error');
  return i < 0 ? 1 : LEVELS.length - i;
};

const ISSUE_TRIGGERS = new Set<AlertTrigger>(['new_issue', 'regression', 'spike', 'frequency']);

/**
 * Turns outbox facts into deliveries, one per matching rule's channel (one per channel if two rules
 * name it), in one transaction: a fact is dispatched exactly once even with several processes (the
 * rows are locked, others skip them). Rules filter by trigger, environment and minimum level; an
 * issue alerts at most once per rule per throttle_minutes, a regression always; a spike or frequency
 * alert of an issue that is resolved or ignored meanwhile is dropped.
 */
export async function dispatchFacts(db: Db, now: Date, limit = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const facts = await rowsOf<FactRow>(
      tx,
      sql`select id, project_id, trigger, issue_id, deploy_id, environment, level from alert_facts
          where dispatched_at is null order by id limit ${limit} for update skip locked`,
    );
    if (!facts.length) return 0;
    const projectIds = [...new Set(facts.map((f) => f.project_id))];
    const issueIds = [...new Set(facts.flatMap((f) => (f.issue_id ? [f.issue_id] : [])))];
    const [rules, channels, issueRows] = await Promise.all([
      tx
        .select()
        .from(alertRules)
        .where(and(inArray(alertRules.projectId, projectIds), eq(alertRules.enabled, true))),
      tx
        .select({ id: alertChannels.id, projectId: alertChannels.projectId })
        .from(alertChannels)
        .where(inArray(alertChannels.projectId, projectIds)),
      issueIds.length
        ? tx.select({ id: issues.id, status: issues.status }).from(issues).where(inArray(issues.id, issueIds))
        : Promise.resolve([]),
    ]);
    const channelProject = new Map(channels.map((c) => [c.id, c.projectId]));
    const statusOf = new Map(issueRows.map((i) => [i.id, i.status]));

    // throttle: the rule/issue pairs that already alerted within their rule's window
    const pairs = facts.flatMap((f) =>
      f.issue_id && f.trigger !== 'regression'
        ? rules.filter((r) => r.projectId === f.project_id).map((r) => [r, f.issue_id!] as const)
        : [],
    );
    const recent = new Set<string>();
    if (pairs.length) {
      const rows = await rowsOf<{ rule_id: number; issue_id: number }>(
        tx,
        sql`select distinct d.rule_id, d.issue_id from alert_deliveries d
            join alert_rules r on r.id = d.rule_id
            where d.rule_id in (${sql.join([...new Set(pairs.map(([r]) => r.id))], sql`, `)})
              and d.issue_id in (${sql.join([...new Set(pairs.map(([, i]) => i))], sql`, `)})
              and d.created_at > ${now.toISOString()}::timestamptz - make_interval(mins => r.throttle_minutes)`,
      );
      for (const r of rows) recent.add(`${r.rule_id}:${r.issue_id}`);
    }

    const deliveries: Array<typeof alertDeliveries.$inferInsert> = [];
    for (const f of facts) {
      const status = f.issue_id ? statusOf.get(f.issue_id) : undefined;
      if ((f.trigger === 'spike' || f.trigger === 'frequency') && status !== 'unresolved') continue;
      const sentTo = new Set<number>();
      for (const rule of rules) {
        if (rule.projectId !== f.project_id || !rule.triggers.includes(f.trigger)) continue;
        if (rule.environments?.length && !rule.environments.includes(f.environment ?? '')) continue;
        if (ISSUE_TRIGGERS.has(f.trigger) && rule.minLevel && severity(f.level) < severity(rule.minLevel))
          continue;
        const key = `${rule.id}:${f.issue_id}`;
        if (f.issue_id && f.trigger !== 'regression') {
          if (recent.has(key)) continue;
          recent.add(key); // and for the next facts of this batch
        }
        for (const channelId of rule.channelIds) {
          // a channel deleted since, or (never accepted, but checked) another project's
          if (channelProject.get(channelId) !== f.project_id || sentTo.has(channelId)) continue;
          sentTo.add(channelId);
          deliveries.push({
            projectId: f.project_id,
            channelId,
            ruleId: rule.id,
            factId: Number(f.id),
            trigger: f.trigger,
            issueId: f.issue_id,
            deployId: f.deploy_id,
            createdAt: now,
            nextAttemptAt: now,
          });
        }
      }
    }
    if (deliveries.length) await tx.insert(alertDeliveries).values(deliveries);
    await tx.execute(
      sql`update alert_facts set dispatched_at = ${now.toISOString()}::timestamptz
          where id in (${sql.join(
            facts.map((f) => sql`${Number(f.id)}`),
            sql`, `,
          )})`,
    );
    return deliveries.length;
  });
}
