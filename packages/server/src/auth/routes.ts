import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { isHttps } from '../http/secure.js';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { apiTokens, sessions, users } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { idParam } from '../http/json.js';
import { readBody } from '../http/schema.js';
import { hasScope, principalOf, requireAccess, SESSION_COOKIE } from './principal.js';
import { LoginBody, TokenBody } from './schemas.js';
import { newApiToken, newSessionId, sha256, verifyPassword } from './secrets.js';

export function authRoutes(deps: Deps) {
  const app = new Hono<Env>();
  const { db, config } = deps;

  app.post('/auth/login', async (c) => {
    const body = await readBody(c, LoginBody);
    const [user] = await db.select().from(users).where(eq(users.email, body.email)).limit(1);
    // verify even for an unknown email, so timing does not tell which emails exist
    const ok = await verifyPassword(body.password, user?.passwordHash ?? 'scrypt$16384$8$1$AAAA$AAAA');
    if (!user || !ok) throw new ApiError('unauthorized', 'invalid email or password');
    const id = newSessionId();
    const now = config.now();
    await db
      .insert(sessions)
      .values({ id: sha256(id), userId: user.id, expiresAt: new Date(now.getTime() + config.sessionTtlMs) });
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c, config),
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    return c.body(null, 204);
  });

  app.post('/auth/logout', async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await db.delete(sessions).where(eq(sessions.id, sha256(cookie)));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.get('/auth/me', async (c) => {
    const p = await principalOf(c, deps);
    return c.json({
      kind: p.kind,
      user: p.userId !== null && p.kind === 'session' ? { id: p.userId, email: p.email } : null,
      scopes: p.scopes,
      project_ids: p.projectIds,
    });
  });

  app.post('/tokens', async (c) => {
    const p = await principalOf(c, deps);
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
      .values({ name, tokenHash: sha256(token), scopes, projectIds, createdBy: p.userId })
      .returning();
    return c.json({ ...tokenJson(row!), token }, 201);
  });

  app.get('/tokens', async (c) => {
    await requireAccess(c, deps, 'admin');
    const rows = await db.select().from(apiTokens).where(isNull(apiTokens.revokedAt)).orderBy(apiTokens.id);
    return c.json({ tokens: rows.map(tokenJson) });
  });

  app.delete('/tokens/:id', async (c) => {
    await requireAccess(c, deps, 'admin');
    const id = idParam(c, 'id', 'token');
    const done = await db
      .update(apiTokens)
      .set({ revokedAt: config.now() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!done.length) throw notFound('token');
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
