import { and, desc, eq, lt, or } from 'drizzle-orm';
import { Hono } from 'hono';
import { requireAccess, type Principal } from '../auth/principal.js';
import { events, issues, projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam, isId, jsonBody } from '../http/json.js';
import { spikingIssues } from '../releases/spikes.js';
import { decodeEventCursor, encodeCursor, parseLimit } from './cursor.js';
import { hourlyStats, issueDetail } from './detail.js';
import { mergeIssues } from './merge.js';
import { listIssues, parseSort } from './list.js';
import { parseFilter } from './search.js';
import { eventJson, eventSummaryJson, issueJson } from './serialize.js';
import { parseIssueUpdate, updateIssues } from './update.js';

const SUMMARY_COLUMNS = {
  projectId: events.projectId,
  eventId: events.eventId,
  issueId: events.issueId,
  timestamp: events.timestamp,
  receivedAt: events.receivedAt,
  level: events.level,
  release: events.release,
  environment: events.environment,
  title: events.title,
};

const actorOf = (p: Principal) => p.email ?? (p.tokenId !== null ? `token ${p.tokenId}` : 'unknown');

async function projectExists(db: Db, id: number) {
  const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, id)).limit(1);
  if (!row) throw notFound('project');
}

async function findIssue(db: Db, projectId: number, id: number) {
  const [issue] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.projectId, projectId), eq(issues.id, id)))
    .limit(1);
  if (!issue) throw notFound('issue');
  return issue;
}

export function issueRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;

  app.get('/projects/:projectId/issues', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await requireAccess(c, deps, 'project:read', projectId);
    await projectExists(db, projectId);
    const q = c.req.query();
    const now = config.now();
    const { page, next } = await listIssues(db, projectId, {
      filter: parseFilter(q),
      sort: parseSort(q.sort),
      limit: parseLimit(q.limit),
      cursor: q.cursor,
      now,
    });
    // ?stats=24h adds each issue's hourly counts (the list's sparklines), in one query for the page
    const ids = page.map((i) => i.id);
    const [stats, spiking] = await Promise.all([
      q.stats === '24h' ? hourlyStats(db, projectId, ids, now) : null,
      spikingIssues(db, projectId, ids, now),
    ]);
    return c.json({
      issues: page.map((i) => ({
        ...issueJson(i, now),
        spiking: spiking.has(i.id),
        ...(stats ? { stats: { '24h': stats.get(i.id) } } : {}),
      })),
      next_cursor: next,
    });
  });

  app.patch('/projects/:projectId/issues', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const p = await requireAccess(c, deps, 'project:write', projectId);
    const body = await jsonBody(c);
    const { ids, ...change } = body;
    if (!Array.isArray(ids) || !ids.length || ids.length > 100 || !ids.every(isId)) {
      throw badRequest('ids must be an array of 1 to 100 issue ids');
    }
    const now = config.now();
    const set = await parseIssueUpdate(db, projectId, change, now);
    const rows = await updateIssues(db, projectId, ids as number[], set, actorOf(p), now);
    return c.json({ issues: rows.map((i) => issueJson(i, now)) });
  });

  app.post('/projects/:projectId/issues/merge', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const p = await requireAccess(c, deps, 'project:write', projectId);
    const { ids } = await jsonBody(c);
    if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100 || !ids.every(isId)) {
      throw badRequest('ids must be an array of 2 to 100 issue ids, the first being the one to keep');
    }
    const now = config.now();
    return c.json(issueJson(await mergeIssues(db, projectId, ids, actorOf(p), now), now));
  });

  app.get('/projects/:projectId/issues/:issueId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await requireAccess(c, deps, 'project:read', projectId);
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    return c.json(await issueDetail(db, issue, config.now()));
  });

  app.patch('/projects/:projectId/issues/:issueId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const p = await requireAccess(c, deps, 'project:write', projectId);
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    const now = config.now();
    const set = await parseIssueUpdate(db, projectId, await jsonBody(c), now);
    const [row] = await updateIssues(db, projectId, [issue.id], set, actorOf(p), now);
    if (!row) throw new ApiError('conflict', `issue ${issue.id} was merged into issue ${issue.mergedInto}`);
    return c.json(issueJson(row, now));
  });

  app.get('/projects/:projectId/issues/:issueId/events', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await requireAccess(c, deps, 'project:read', projectId);
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    const limit = parseLimit(c.req.query('limit'));
    const after = decodeEventCursor(c.req.query('cursor'));
    const where = [eq(events.projectId, projectId), eq(events.issueId, issue.id)];
    if (after) {
      const { value: t, id } = after;
      where.push(or(lt(events.timestamp, t), and(eq(events.timestamp, t), lt(events.eventId, id)))!);
    }
    const rows = await db
      .select(SUMMARY_COLUMNS)
      .from(events)
      .where(and(...where))
      .orderBy(desc(events.timestamp), desc(events.eventId))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      events: page.map(eventSummaryJson),
      next_cursor:
        rows.length > limit && last ? encodeCursor(last.timestamp.toISOString(), last.eventId) : null,
    });
  });

  app.get('/projects/:projectId/events/:eventId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await requireAccess(c, deps, 'project:read', projectId);
    const eventId = (c.req.param('eventId') ?? '').replace(/-/g, '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(eventId)) throw notFound('event');
    const [row] = await db
      .select()
      .from(events)
      .where(and(eq(events.projectId, projectId), eq(events.eventId, eventId)))
      .limit(1);
    if (!row) throw notFound('event');
    return c.json(eventJson(row));
  });

  return app;
}
