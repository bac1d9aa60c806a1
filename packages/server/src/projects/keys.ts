import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { newPublicKey } from '../auth/secrets.js';
import { projectKeys, usageHourly } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { KeyBody } from './schemas.js';
import { dsn } from './service.js';

const DAY_MS = 24 * 3_600_000;

/**
 * A project's public keys (DSNs): several at once, each with a label, so a leaked one is rotated
 * without downtime: create a new key, deploy it, revoke the old one.
 */
export function keyRoutes(deps: Deps & { forgetKey(key: string): void }) {
  const app = new Hono<Env>();
  const { db, config } = deps;
  const baseUrl = (url: string) => config.publicUrl ?? new URL(url).origin;
  const { perSecond, burst } = config.ingest.rateLimit;

  const keyJson = (
    k: typeof projectKeys.$inferSelect,
    url: string,
    usage = { accepted: 0, rate_limited: 0, dropped: 0 },
  ) => ({
    id: k.id,
    public_key: k.publicKey,
    dsn: dsn(baseUrl(url), k.publicKey, k.projectId),
    label: k.label,
    created_at: k.createdAt.toISOString(),
    revoked_at: k.revokedAt?.toISOString() ?? null,
    rate_limit: perSecond > 0 ? { per_second: perSecond, burst } : null,
    usage_24h: usage,
  });

  app.get('/projects/:projectId/keys', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const since = new Date(Math.floor((config.now().getTime() - DAY_MS) / 3_600_000) * 3_600_000);
    const [keys, usage] = await Promise.all([
      db.select().from(projectKeys).where(eq(projectKeys.projectId, projectId)).orderBy(asc(projectKeys.id)),
      db
        .select({
          keyId: usageHourly.keyId,
          accepted: sql<string>`sum(${usageHourly.accepted})`,
          rateLimited: sql<string>`sum(${usageHourly.rateLimited})`,
          dropped: sql<string>`sum(${usageHourly.dropped})`,
        })
        .from(usageHourly)
        .where(and(eq(usageHourly.projectId, projectId), gte(usageHourly.hour, since)))
        .groupBy(usageHourly.keyId),
    ]);
    const byKey = new Map(
      usage.map((u) => [
        u.keyId,
        { accepted: Number(u.accepted), rate_limited: Number(u.rateLimited), dropped: Number(u.dropped) },
      ]),
    );
    return c.json({ keys: keys.map((k) => keyJson(k, c.req.url, byKey.get(k.id))) });
  });

  app.post('/projects/:projectId/keys', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const { label } = await readBody(c, KeyBody);
    const [key] = await db
      .insert(projectKeys)
      .values({ projectId, publicKey: newPublicKey(), label })
      .returning();
    return c.json(keyJson(key!, c.req.url), 201);
  });

  app.delete('/projects/:projectId/keys/:keyId', async (c) => {
    const projectId = idParam(c, 'projectId', 'project');
    const keyId = idParam(c, 'keyId', 'key');
    const [key] = await db
      .select()
      .from(projectKeys)
      .where(and(eq(projectKeys.projectId, projectId), eq(projectKeys.id, keyId)));
    if (!key) throw notFound('key');
    if (key.revokedAt) throw new ApiError('conflict', 'this key is already revoked');
    await db
      .update(projectKeys)
      .set({ revokedAt: config.now() })
      .where(and(eq(projectKeys.id, keyId), isNull(projectKeys.revokedAt)));
    // at once here; other processes' key caches forget it within their TTL (ingest/keys.ts)
    deps.forgetKey(key.publicKey);
    return c.body(null, 204);
  });

  return app;
}
