import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { projects } from '../db/schema.js';
import type { Deps, Env } from '../http/deps.js';
import { notFound } from '../http/errors.js';
import { idParam } from '../http/json.js';
import type { UsageCounter } from './counter.js';
import { projectUsage } from './report.js';

/** GET …/usage: what is stored, and what ingest accepted and turned away over the last 24 hours. */
export function usageRoutes(deps: Deps & { usage: UsageCounter }) {
  const app = new Hono<Env>();
  const { db } = deps;

  app.get('/projects/:projectId/usage', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
    if (!project) throw notFound('project');
    await deps.usage.flush(); // this process's last seconds too
    return c.json(await projectUsage(db, projectId, deps.config.now()));
  });

  return app;
}
