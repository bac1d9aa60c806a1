import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import { alertChannels, alertDeliveries, alertRules, projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { Deps, Env } from '../http/deps.js';
import { badRequest, notFound } from '../http/errors.js';
import { idParam } from '../http/json.js';
import { readBody, readQuery } from '../http/schema.js';
import { render, type AlertItem } from './messages.js';
import {
  ChannelBody,
  ChannelPatch,
  DeliveryListQuery,
  RuleBody,
  RulePatch,
  type ChannelResponse,
  type DeliveryResponse,
  type RuleResponse,
} from './schemas.js';
import { lastDeliveryOf, send, sendOptions } from './send.js';

type Channel = typeof alertChannels.$inferSelect;
type Rule = typeof alertRules.$inferSelect;
type Delivery = typeof alertDeliveries.$inferSelect;

export const channelJson = (c: Channel): v.InferOutput<typeof ChannelResponse> => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  url: c.url,
  emails: c.emails,
  signed: !!c.secret,
  last_delivery: c.lastDelivery ?? null,
  created_at: c.createdAt.toISOString(),
});

export const ruleJson = (r: Rule): v.InferOutput<typeof RuleResponse> => ({
  id: r.id,
  name: r.name,
  triggers: r.triggers,
  frequency: r.frequency,
  environments: r.environments,
  min_level: r.minLevel,
  channel_ids: r.channelIds,
  throttle_minutes: r.throttleMinutes,
  enabled: r.enabled,
  created_at: r.createdAt.toISOString(),
});

export const deliveryJson = (d: Delivery): v.InferOutput<typeof DeliveryResponse> => ({
  id: d.id,
  channel_id: d.channelId,
  rule_id: d.ruleId,
  trigger: d.trigger,
  ...(d.issueId !== null ? { issue_id: d.issueId } : {}),
  ...(d.deployId !== null ? { deploy_id: d.deployId } : {}),
  created_at: d.createdAt.toISOString(),
  status: d.status,
  attempts: d.attempts,
  ...(d.httpStatus !== null ? { http_status: d.httpStatus } : {}),
  ...(d.error !== null ? { error: d.error } : {}),
  ...(d.digestOf !== null ? { digest_of: d.digestOf } : {}),
});

/** A channel needs what its kind sends to: a URL, or email addresses. */
function checkTarget(c: { kind: Channel['kind']; url: string | null; emails: string[] | null }) {
  if (c.kind === 'email' && !c.emails?.length) throw badRequest('emails: an email channel needs addresses');
  if (c.kind !== 'email' && !c.url) throw badRequest(`url: a ${c.kind} channel needs an http(s) URL`);
}

/** Every channel a rule names must be one of this project's. */
async function checkChannels(db: Db, projectId: number, ids: number[]) {
  if (!ids.length) return;
  const found = await db
    .select({ id: alertChannels.id })
    .from(alertChannels)
    .where(and(eq(alertChannels.projectId, projectId), inArray(alertChannels.id, ids)));
  const mine = new Set(found.map((c) => c.id));
  const other = ids.find((id) => !mine.has(id));
  if (other !== undefined) throw badRequest(`channel_ids: ${other} is not a channel of this project`);
}

/** Alert channels, rules and deliveries (docs/api.md, "Alerts"). All of it needs project:write. */
export function alertRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;
  const base = '/projects/:projectId';

  const project = async (c: Parameters<typeof idParam>[0]) => {
    const projectId = idParam(c, 'projectId', 'project');
    const [row] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    if (!row) throw notFound('project');
    return row;
  };
  const channelOf = async (projectId: number, id: number) => {
    const [row] = await db
      .select()
      .from(alertChannels)
      .where(and(eq(alertChannels.projectId, projectId), eq(alertChannels.id, id)));
    if (!row) throw notFound('alert channel');
    return row;
  };

  app.get(`${base}/alert-channels`, async (c) => {
    const p = await project(c);
    const rows = await db
      .select()
      .from(alertChannels)
      .where(eq(alertChannels.projectId, p.id))
      .orderBy(alertChannels.id);
    return c.json({ channels: rows.map(channelJson) });
  });

  app.post(`${base}/alert-channels`, async (c) => {
    const p = await project(c);
    const body = await readBody(c, ChannelBody);
    const values = { name: body.name, kind: body.kind, url: body.url ?? null, emails: body.emails ?? null };
    checkTarget(values);
    const [row] = await db
      .insert(alertChannels)
      .values({ ...values, projectId: p.id, secret: body.secret || null })
      .returning();
    return c.json(channelJson(row!), 201);
  });

  app.patch(`${base}/alert-channels/:id`, async (c) => {
    const p = await project(c);
    const current = await channelOf(p.id, idParam(c, 'id', 'alert channel'));
    const body = await readBody(c, ChannelPatch);
    const next = {
      name: body.name ?? current.name,
      kind: body.kind ?? current.kind,
      url: body.url !== undefined ? body.url : current.url,
      emails: body.emails !== undefined ? body.emails : current.emails,
      secret: body.secret !== undefined ? body.secret || null : current.secret,
    };
    checkTarget(next);
    const [row] = await db
      .update(alertChannels)
      .set(next)
      .where(eq(alertChannels.id, current.id))
      .returning();
    return c.json(channelJson(row!));
  });

  app.delete(`${base}/alert-channels/:id`, async (c) => {
    const p = await project(c);
    const current = await channelOf(p.id, idParam(c, 'id', 'alert channel'));
    await db.transaction(async (tx) => {
      await tx.delete(alertChannels).where(eq(alertChannels.id, current.id));
      // rules stop naming it
      const rules = await tx.select().from(alertRules).where(eq(alertRules.projectId, p.id));
      for (const r of rules.filter((r) => r.channelIds.includes(current.id)))
        await tx
          .update(alertRules)
          .set({ channelIds: r.channelIds.filter((id) => id !== current.id) })
          .where(eq(alertRules.id, r.id));
    });
    return c.body(null, 204);
  });

  // a test message, sent now (not through the outbox), recorded as a delivery
  app.post(`${base}/alert-channels/:id/test`, async (c) => {
    const p = await project(c);
    const channel = await channelOf(p.id, idParam(c, 'id', 'alert channel'));
    const now = config.now();
    const item: AlertItem = {
      trigger: 'test',
      project: { id: p.id, slug: p.slug, name: p.name },
      environment: null,
      detail: `this channel (${channel.name}) receives ${p.name}'s alerts`,
    };
    // sent first and recorded after: a test never waits in (or blocks) the channel's queue
    const result = await send(
      channel,
      render(channel.kind, [item], now),
      `faultline-test-${randomUUID()}`,
      sendOptions(config.alerts),
    );
    const status = result.ok ? ('delivered' as const) : ('failed' as const);
    await db.insert(alertDeliveries).values({
      projectId: p.id,
      channelId: channel.id,
      trigger: 'test',
      status,
      attempts: 1,
      createdAt: now,
      nextAttemptAt: now,
      sentAt: result.ok ? now : null,
      httpStatus: result.httpStatus ?? null,
      error: result.error ?? null,
    });
    await db
      .update(alertChannels)
      .set({ lastDelivery: lastDeliveryOf(result, now) })
      .where(eq(alertChannels.id, channel.id));
    deps.metrics.inc('faultline_alert_deliveries_total', { status });
    return c.json({
      status,
      ...(result.httpStatus !== undefined ? { http_status: result.httpStatus } : {}),
      ...(result.error ? { error: result.error } : {}),
    });
  });

  app.get(`${base}/alert-rules`, async (c) => {
    const p = await project(c);
    const rows = await db
      .select()
      .from(alertRules)
      .where(eq(alertRules.projectId, p.id))
      .orderBy(alertRules.id);
    return c.json({ rules: rows.map(ruleJson) });
  });

  const ruleValues = (body: v.InferOutput<typeof RulePatch>) => ({
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.triggers !== undefined ? { triggers: [...new Set(body.triggers)] } : {}),
    ...(body.frequency !== undefined ? { frequency: body.frequency } : {}),
    ...(body.environments !== undefined
      ? { environments: body.environments?.length ? body.environments : null }
      : {}),
    ...(body.min_level !== undefined ? { minLevel: body.min_level } : {}),
    ...(body.channel_ids !== undefined ? { channelIds: [...new Set(body.channel_ids)] } : {}),
    ...(body.throttle_minutes !== undefined ? { throttleMinutes: body.throttle_minutes } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
  });
  const checkFrequency = (r: { triggers: string[]; frequency: unknown }) => {
    if (r.triggers.includes('frequency') && !r.frequency)
      throw badRequest('frequency: the frequency trigger needs {"count", "minutes"}');
  };

  app.post(`${base}/alert-rules`, async (c) => {
    const p = await project(c);
    const body = await readBody(c, RuleBody);
    const values = ruleValues(body) as Required<ReturnType<typeof ruleValues>>;
    checkFrequency({ triggers: body.triggers, frequency: body.frequency ?? null });
    await checkChannels(db, p.id, body.channel_ids);
    const [row] = await db
      .insert(alertRules)
      .values({
        ...values,
        projectId: p.id,
        name: body.name,
        triggers: values.triggers,
        channelIds: values.channelIds,
      })
      .returning();
    return c.json(ruleJson(row!), 201);
  });

  const ruleOf = async (projectId: number, id: number) => {
    const [row] = await db
      .select()
      .from(alertRules)
      .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, id)));
    if (!row) throw notFound('alert rule');
    return row;
  };

  app.patch(`${base}/alert-rules/:id`, async (c) => {
    const p = await project(c);
    const current = await ruleOf(p.id, idParam(c, 'id', 'alert rule'));
    const body = await readBody(c, RulePatch);
    const values = ruleValues(body);
    checkFrequency({
      triggers: values.triggers ?? current.triggers,
      frequency: values.frequency !== undefined ? values.frequency : current.frequency,
    });
    if (values.channelIds) await checkChannels(db, p.id, values.channelIds);
    const [row] = Object.keys(values).length
      ? await db.update(alertRules).set(values).where(eq(alertRules.id, current.id)).returning()
      : [current];
    return c.json(ruleJson(row!));
  });

  app.delete(`${base}/alert-rules/:id`, async (c) => {
    const p = await project(c);
    const current = await ruleOf(p.id, idParam(c, 'id', 'alert rule'));
    await db.delete(alertRules).where(eq(alertRules.id, current.id));
    return c.body(null, 204);
  });

  app.get(`${base}/alert-deliveries`, async (c) => {
    const p = await project(c);
    const q = readQuery(c, DeliveryListQuery);
    const rows = await db
      .select()
      .from(alertDeliveries)
      .where(
        and(
          eq(alertDeliveries.projectId, p.id),
          q.channel_id !== undefined ? eq(alertDeliveries.channelId, q.channel_id) : undefined,
        ),
      )
      .orderBy(desc(alertDeliveries.id))
      .limit(q.limit);
    return c.json({ deliveries: rows.map(deliveryJson) });
  });

  return app;
}
