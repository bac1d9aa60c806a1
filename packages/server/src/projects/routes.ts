import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { projects } from '../db/schema.js';
import { canAccessProject, requireAccess } from '../auth/principal.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam, jsonBody } from '../http/json.js';
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
    const body = await jsonBody(c);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 100) throw badRequest('name must be a string of 1 to 100 characters');
    if (
      body.slug !== undefined &&
      (typeof body.slug !== 'string' || !/^[a-z0-9][a-z0-9-]{0,49}$/.test(body.slug))
    ) {
      throw badRequest('slug must be lowercase letters, digits and dashes (at most 50)');
    }
    const slug = typeof body.slug === 'string' ? body.slug : slugify(name);
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
    const body = await jsonBody(c);
    const settings = body.settings;
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw badRequest('settings must be an object, e.g. {"auto_resolve_on_deploy": true}');
    }
    const next = { ...current.settings };
    for (const [k, v] of Object.entries(settings)) {
      if (k === 'auto_resolve_on_deploy' || k === 'scrub_ip_addresses') {
        if (typeof v !== 'boolean') throw badRequest(`${k} must be true or false`);
        next[k] = v;
      } else if (k === 'sensitive_fields') {
        if (
          !Array.isArray(v) ||
          v.length > 100 ||
          !v.every((f) => typeof f === 'string' && f.trim().length > 0 && f.length <= 100)
        ) {
          throw badRequest('sensitive_fields must be a list of at most 100 key names');
        }
        next.sensitive_fields = v.map((f: string) => f.trim());
      } else throw badRequest(`unknown setting "${k}"`);
    }
    await deps.db.update(projects).set({ settings: next }).where(eq(projects.id, projectId));
    return c.json({ id: projectId, settings: next });
  });

  return app;
}
