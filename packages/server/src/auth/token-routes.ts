import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { apiTokens } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { hasScope, principal, type Principal } from './principal.js';
import { TokenBody } from './schemas.js';
import { newApiToken, sha256 } from './secrets.js';
import { revokeTokenTree } from './tokens.js';

/** API tokens: create (with at most the caller's rights), list, revoke. */
export function tokenRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;

  // Tokens. A token may create tokens (CI scripts do), with at most its own rights; they are revoked
  // with it. Users see and revoke their own tokens; an admin not limited to projects sees all.
  app.post('/tokens', async (c) => {
    const p = principal(c);
    const { name, scopes, project_ids: projectIds } = await readBody(c, TokenBody);
    for (const s of scopes) {
      if (!hasScope(p, s)) throw new ApiError('forbidden', `you cannot grant the "${s}" scope`);
    }
    if (
      p.projectIds !== null &&
      (projectIds === null || projectIds.some((i) => !p.projectIds!.includes(i)))
    ) {
      throw new ApiError(
        'forbidden',
        'a token limited to projects can only create tokens for those projects',
      );
    }
    const token = newApiToken();
    const [row] = await db
      .insert(apiTokens)
      .values({
        name,
        tokenHash: sha256(token),
        scopes,
        projectIds,
        createdBy: p.userId,
        parentTokenId: p.tokenId,
      })
      .returning();
    return c.json({ ...tokenJson(row!), token }, 201);
  });

  const seesAllTokens = (p: Principal) => hasScope(p, 'admin') && p.projectIds === null;
  const ownTokens = (p: Principal) =>
    p.kind === 'token'
      ? eq(apiTokens.parentTokenId, p.tokenId!)
      : p.userId !== null
        ? eq(apiTokens.createdBy, p.userId)
        : sql`false`;

  app.get('/tokens', async (c) => {
    const p = principal(c);
    const rows = await db
      .select()
      .from(apiTokens)
      .where(and(isNull(apiTokens.revokedAt), seesAllTokens(p) ? undefined : ownTokens(p)))
      .orderBy(desc(apiTokens.id));
    return c.json({ tokens: rows.map(tokenJson) });
  });

  app.delete('/tokens/:id', async (c) => {
    const p = principal(c);
    const id = idParam(c, 'id', 'token');
    const mine = seesAllTokens(p) ? undefined : or(ownTokens(p), eq(apiTokens.id, p.tokenId ?? -1));
    const [token] = await db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt), mine))
      .limit(1);
    if (!token) throw notFound('token');
    await revokeTokenTree(db, sql`id = ${id}`, config.now());
    return c.body(null, 204);
  });

  return app;
}

function tokenJson(t: typeof apiTokens.$inferSelect) {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    project_ids: t.projectIds,
    created_at: t.createdAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
  };
}
