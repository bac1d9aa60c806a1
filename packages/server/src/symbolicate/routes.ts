import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sourcemaps } from '../db/schema.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { parse, readQuery } from '../http/schema.js';
import { SourcemapForm, SourcemapListQuery } from './schemas.js';
import { listMaps, mapJson, saveMap } from './maps.js';

const MAX_MAP_BYTES = 50 * 1024 * 1024;
const tooLarge = () =>
  new ApiError('payload_too_large', `a source map may be at most ${MAX_MAP_BYTES / 1024 / 1024} MiB`);

export function sourcemapRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db } = deps;

  app.post(
    '/projects/:projectId/sourcemaps',
    // (authorization, from the route table, runs before the possibly large body is read)
    bodyLimit({
      maxSize: MAX_MAP_BYTES + 64 * 1024,
      onError: () => {
        throw tooLarge();
      },
    }),
    async (c) => {
      const projectId = idParam(c, 'projectId', 'project');
      if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
        throw new ApiError('unsupported_media_type', 'send multipart/form-data with release, url and file');
      }
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw badRequest('the multipart body could not be read');
      }
      const { release, url, file, debug_id: debugId } = parse(SourcemapForm, form);
      if (file.size > MAX_MAP_BYTES) throw tooLarge();
      const content = await file.text();
      let map: { version?: unknown; mappings?: unknown; sections?: unknown };
      try {
        map = JSON.parse(content) as typeof map;
      } catch {
        throw badRequest('file is not a source map: it is not JSON');
      }
      if (map.version !== 3 || (typeof map.mappings !== 'string' && !Array.isArray(map.sections))) {
        throw badRequest('file is not a version 3 source map (no "mappings")');
      }
      const row = await saveMap(db, {
        projectId,
        release,
        url,
        debugId: debugId ?? null,
        content,
      });
      return c.json(mapJson(row), 201);
    },
  );

  app.get('/projects/:projectId/sourcemaps', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const { release } = readQuery(c, SourcemapListQuery);
    const rows = await listMaps(db, projectId, release);
    return c.json({ sourcemaps: rows.map(mapJson) });
  });

  app.delete('/projects/:projectId/sourcemaps/:mapId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const deleted = await db
      .delete(sourcemaps)
      .where(and(eq(sourcemaps.projectId, projectId), eq(sourcemaps.id, idParam(c, 'mapId', 'source map'))))
      .returning({ id: sourcemaps.id });
    if (!deleted.length) throw notFound('source map');
    return c.body(null, 204);
  });

  return app;
}
