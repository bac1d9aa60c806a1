import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { projects } from '../db/schema.js';
import { canAccessProject, requireAccess } from '../auth/principal.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { ProjectBody, ProjectSettingsBody } from './schemas.js';
import { createProject, listProjects, projectJson, slugify } from './service.js';

export function projectRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const baseUrl = (url: string) => deps.config.publicUrl ?? new URL(url).origin;

  app.get('/projects', async (c) => {
    const p = await requireAccess(c, deps, 'project:read');
    const rows = await listProjects(deps.db, p.projectIds);
    return c.json({ projects: rows.map((r) => projectJson(r, baseUrl(c.req.url))) });
  });

  app.post('/projects', async (c) => {
    await requireAccess(c, deps, 'admin');
    const { name, slug = slugify(name) } = await readBody(c, ProjectBody);
    const project = await createProject(deps.db, name, slug);
    if (!project) throw new ApiError('conflict', `a project with the slug "${slug}" already exists`);
    return c.json(projectJson(project, baseUrl(c.req.url)), 201);
  });

  app.get('/projects/:projectId', async (c) => {
    const id = idParam(c, 'projectId', 'project');
    const p = await requireAccess(c, deps, 'project:read', id);
    const [project] = await listProjects(deps.db, [id]);
    if (!project || !canAccessProject(p, id)) throw notFound('project');
    return c.json(projectJson(project, baseUrl(c.req.url)));
  });

  // project settings: { "settings": { "auto_resolve_on_deploy": true, "sensitive_fields": ["iban"],
  // "scrub_ip_addresses": true } }
  app.patch('/projects/:projectId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await requireAccess(c, deps, 'admin', projectId);
    const [current] = await deps.db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
    if (!current) throw notFound('project');
    const { settings } = await readBody(c, ProjectSettingsBody);
    const next = { ...current.settings, ...settings };
    await deps.db.update(projects).set({ settings: next }).where(eq(projects.id, projectId));
    return c.json({ id: projectId, settings: next });
  });

  return app;
}
