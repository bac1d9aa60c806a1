import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { deploys, projects } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody, readQuery } from '../http/schema.js';
import { createDeploy, deployInput, deployJson, listDeploys } from './deploys.js';
import { deployHealth } from './health.js';
import { releaseDetail } from './detail.js';
import { listReleases } from './list.js';
import { DeployBody, DeployListQuery, StatsQuery } from './schemas.js';
import { projectEnvironments } from '../stats/environments.js';
import { projectSeries } from '../stats/series.js';

export function releaseRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;

  const project = async (id: number) => {
    const [row] = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
    if (!row) throw notFound('project');
    return row;
  };

  app.post('/projects/:projectId/deploys', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await project(projectId);
    const now = config.now();
    const deploy = await createDeploy(db, projectId, deployInput(await readBody(c, DeployBody), now), now);
    return c.json(deployJson(deploy), 201);
  });

  app.get('/projects/:projectId/deploys', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await project(projectId);
    const q = readQuery(c, DeployListQuery);
    const rows = await listDeploys(db, projectId, q.environment, q.limit);
    return c.json({ deploys: rows.map(deployJson) });
  });

  app.get('/projects/:projectId/deploys/:deployId/health', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const [deploy] = await db
      .select()
      .from(deploys)
      .where(and(eq(deploys.projectId, projectId), eq(deploys.id, idParam(c, 'deployId', 'deploy'))))
      .limit(1);
    if (!deploy) throw notFound('deploy');
    return c.json(await deployHealth(db, deploy, config.now()));
  });

  app.get('/projects/:projectId/releases', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await project(projectId);
    return c.json({ releases: await listReleases(db, projectId) });
  });

  app.get('/projects/:projectId/releases/:version', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const version = c.req.param('version');
    if (!version || version.length > 250) throw notFound('release');
    return c.json(await releaseDetail(db, projectId, version, config.now()));
  });

  app.get('/projects/:projectId/environments', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    return c.json({ environments: await projectEnvironments(db, projectId, config.now()) });
  });

  // the project's event rate, for the releases page's chart (an extension of api.md)
  app.get('/projects/:projectId/stats', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    await project(projectId);
    const { environment, range } = readQuery(c, StatsQuery);
    return c.json({
      stats: { [range]: await projectSeries(db, projectId, environment, range, config.now()) },
    });
  });

  return app;
}
