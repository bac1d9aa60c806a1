import { and, desc, eq, lt, or } from 'drizzle-orm';
import { Hono } from 'hono';
import { principal, type Principal } from '../auth/principal.js';
import { events, issues } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody, readQuery } from '../http/schema.js';
import { spikingIssues } from '../releases/spikes.js';
import { decodeEventCursor, encodeCursor } from './cursor.js';
import { hourlyStats, issueDetail } from './detail.js';
import { mergeIssues } from './merge.js';
import { listIssues } from './list.js';
import { parseFilter } from './search.js';
import { eventJson, eventSummaryJson, issueJson } from './serialize.js';
import {
  BulkUpdateBody,
  EventListQuery,
  IssueDetailQuery,
  IssueListQuery,
  IssueUpdateBody,
  MergeBody,
} from './schemas.js';
import { planIssueUpdate, updateIssues } from './update.js';

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
    const q = readQuery(c, IssueListQuery);
    const now = config.now();
    const { page, next } = await listIssues(db, projectId, {
      filter: parseFilter(q, principal(c).email),
      sort: q.sort,
      limit: q.limit,
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
    const p = principal(c);
    const { ids, ...change } = await readBody(c, BulkUpdateBody);
    const now = config.now();
    const plan = await planIssueUpdate(db, projectId, change, now);
    const rows = await updateIssues(db, projectId, ids, plan, actorOf(p), now);
    return c.json({ issues: rows.map((i) => issueJson(i, now)) });
  });

  app.post('/projects/:projectId/issues/merge', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const p = principal(c);
    const { ids } = await readBody(c, MergeBody);
    const now = config.now();
    return c.json(issueJson(await mergeIssues(db, projectId, ids, actorOf(p), now), now));
  });

  app.get('/projects/:projectId/issues/:issueId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    return c.json(await issueDetail(db, issue, config.now(), readQuery(c, IssueDetailQuery)));
  });

  app.patch('/projects/:projectId/issues/:issueId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const p = principal(c);
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    const now = config.now();
    const plan = await planIssueUpdate(db, projectId, await readBody(c, IssueUpdateBody), now);
    const [row] = await updateIssues(db, projectId, [issue.id], plan, actorOf(p), now);
    if (!row) throw new ApiError('conflict', `issue ${issue.id} was merged into issue ${issue.mergedInto}`);
    return c.json(issueJson(row, now));
  });

  app.get('/projects/:projectId/issues/:issueId/events', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const issue = await findIssue(db, projectId, idParam(c, 'issueId', 'issue'));
    const { limit, cursor, environment } = readQuery(c, EventListQuery);
    const after = decodeEventCursor(cursor);
    const where = [eq(events.projectId, projectId), eq(events.issueId, issue.id)];
    if (environment !== undefined) where.push(eq(events.environment, environment));
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
