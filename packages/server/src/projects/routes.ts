import { and, eq, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { principal } from '../auth/principal.js';
import { projectKeys, projects } from '../db/schema.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { keyRoutes } from './keys.js';
import type { ProjectPurger } from './purge.js';
import { ProjectBody, ProjectSettingsBody } from './schemas.js';
import { createProject, listProjects, projectJson, slugify } from './service.js';

export function projectRoutes(deps: Deps & { purger: ProjectPurger; forgetKey(key: string): void }) {
  const app = new Hono<Env>();
  const { db, config } = deps;
  const baseUrl = (url: string) => config.publicUrl ?? new URL(url).origin;

  app.get('/projects', async (c) => {
    const rows = await listProjects(db, principal(c).projectIds);
    return c.json({ projects: rows.map((r) => projectJson(r, baseUrl(c.req.url), config)) });
  });

  app.post('/projects', async (c) => {
    const { name, slug = slugify(name) } = await readBody(c, ProjectBody);
    const project = await createProject(db, name, slug);
    if (!project) throw new ApiError('conflict', `a project with the slug "${slug}" already exists`);
    return c.json(projectJson(project, baseUrl(c.req.url), config), 201);
  });

  app.get('/projects/:projectId', async (c) => {
    const [project] = await listProjects(db, [idParam(c, 'projectId', 'project')]);
    return c.json(projectJson(project!, baseUrl(c.req.url), config));
  });

  // rename and settings: { "name": "Shop", "settings": { "auto_resolve_on_deploy": true,
  // "sensitive_fields": ["iban"], "scrub_ip_addresses": true } }
  app.patch('/projects/:projectId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const body = await readBody(c, ProjectSettingsBody);
    if (Object.values(body).every((value) => value === undefined))
      throw badRequest('nothing to change: send name, settings, retention_days or max_events');
    const [current] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    const next = { ...current!.settings, ...body.settings };
    const [row] = await db
      .update(projects)
      .set({
        settings: next,
        name: body.name ?? current!.name,
        // null goes back to the instance's FAULTLINE_RETENTION_DAYS
        ...(body.retention_days !== undefined ? { retentionDays: body.retention_days } : {}),
        ...(body.max_events !== undefined ? { maxEvents: body.max_events } : {}),
      })
      .where(eq(projects.id, projectId))
      .returning();
    return c.json({
      id: projectId,
      name: row!.name,
      settings: row!.settings,
      retention_days: row!.retentionDays ?? config.retentionDays,
      max_events: row!.maxEvents ?? config.maxEvents,
    });
  });

  // Hidden and its keys revoked at once; its rows go in background batches (purge.ts), so that a
  // project with millions of events never holds up ingest for the others.
  app.delete('/projects/:projectId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const now = config.now();
    const revoked = await db.transaction(async (tx) => {
      // the slug is free again for a new project
      const [project] = await tx
        .update(projects)
        .set({ deletedAt: now, slug: sql`${projects.slug} || '~deleted~' || ${projects.id}` })
        .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)))
        .returning({ id: projects.id });
      if (!project) throw notFound('project');
      return tx
        .update(projectKeys)
        .set({ revokedAt: now })
        .where(and(eq(projectKeys.projectId, projectId), isNull(projectKeys.revokedAt)))
        .returning({ publicKey: projectKeys.publicKey });
    });
    for (const k of revoked) deps.forgetKey(k.publicKey);
    deps.purger.kick();
    return c.body(null, 204);
  });

  app.route('/', keyRoutes(deps));
  return app;
}
