import { and, eq, isNull, ne } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { invites, sessions, users } from '../db/schema.js';
import type { Tx } from '../db/rows.js';
import type { Db } from '../db/types.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import type { Deps, Env } from '../http/deps.js';
import { readBody } from '../http/schema.js';
import { isHttps } from '../http/secure.js';
import { AcceptInviteBody, PasswordBody } from '../users/schemas.js';
import { principal, principalOf, SESSION_COOKIE } from './principal.js';
import { LoginBody } from './schemas.js';
import { DUMMY_HASH, hashPassword, needsRehash, newSessionId, sha256, verifyPassword } from './secrets.js';
import { clientAddress, type LoginThrottle } from './throttle.js';

export function authRoutes(deps: Deps & { throttle: LoginThrottle }) {
  const app = new Hono<Env>();
  const { db, config, throttle } = deps;

  /** A new session for `userId`, as the cookie of this response. */
  async function startSession(c: Context<Env>, tx: Db | Tx, userId: number): Promise<void> {
    const id = newSessionId();
    const expiresAt = new Date(config.now().getTime() + config.sessionTtlMs);
    await tx.insert(sessions).values({ id: sha256(id), userId, expiresAt });
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c, config),
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
  }

  app.post('/auth/login', async (c) => {
    const body = await readBody(c, LoginBody);
    const address = clientAddress(c, config);
    const attempt = await throttle.attempt(body.email, address);
    const [user] = await db
      .select()
      .from(users)
      .where(and(eq(users.email, body.email), isNull(users.removedAt)))
      .limit(1);
    // verify even for an unknown email, so timing does not tell which emails exist
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new ApiError('unauthorized', 'invalid email or password');
    await throttle.succeeded(attempt, body.email);
    // a hash from before today's cost is replaced now that the password is known
    if (needsRehash(user.passwordHash)) {
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(body.password) })
        .where(eq(users.id, user.id));
    }
    await startSession(c, db, user.id);
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
    const [user] = p.userId
      ? await db.select({ name: users.name }).from(users).where(eq(users.id, p.userId))
      : [];
    return c.json({
      kind: p.kind,
      user:
        p.userId !== null && p.kind === 'session'
          ? { id: p.userId, email: p.email!, name: user?.name ?? '', role: p.role! }
          : null,
      scopes: p.scopes,
      project_ids: p.projectIds,
    });
  });

  /** An invite that can still be accepted, or the 4xx that says why not. */
  async function openInvite(tx: Db | Tx, token: string) {
    const [invite] = await tx
      .select()
      .from(invites)
      .where(eq(invites.tokenHash, sha256(token)))
      .limit(1);
    if (!invite || invite.revokedAt) throw notFound('invite');
    if (invite.acceptedAt) throw badRequest('this invite was already used: ask for a new one');
    if (invite.expiresAt <= config.now()) throw badRequest('this invite has expired: ask for a new one');
    return invite;
  }

  app.get('/auth/invites/:token', async (c) => {
    const invite = await openInvite(db, c.req.param('token'));
    return c.json({ email: invite.email, role: invite.role, expires_at: invite.expiresAt.toISOString() });
  });

  app.post('/auth/accept-invite', async (c) => {
    const body = await readBody(c, AcceptInviteBody);
    const passwordHash = await hashPassword(body.password);
    await db.transaction(async (tx) => {
      const invite = await openInvite(tx, body.token);
      // one use: the first acceptance wins a race
      const used = await tx
        .update(invites)
        .set({ acceptedAt: config.now() })
        .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt)))
        .returning({ id: invites.id });
      if (!used.length) throw badRequest('this invite was already used: ask for a new one');
      const [existing] = await tx.select().from(users).where(eq(users.email, invite.email)).limit(1);
      if (existing && !existing.removedAt)
        throw new ApiError('conflict', `${invite.email} is already a member`);
      const values = {
        passwordHash,
        role: invite.role,
        name: body.name ?? existing?.name ?? '',
        removedAt: null,
      };
      // someone removed earlier comes back as a new member of the same row (their history stays theirs)
      const [user] = existing
        ? await tx.update(users).set(values).where(eq(users.id, existing.id)).returning()
        : await tx
            .insert(users)
            .values({ ...values, email: invite.email })
            .returning();
      await startSession(c, tx, user!.id);
    });
    return c.body(null, 204);
  });

  app.post('/auth/password', async (c) => {
    const p = principal(c);
    const body = await readBody(c, PasswordBody);
    const [user] = await db.select().from(users).where(eq(users.id, p.userId!)).limit(1);
    if (!user || !(await verifyPassword(body.current_password, user.passwordHash))) {
      throw badRequest('current_password: this is not your current password', {
        field: 'current_password',
      });
    }
    const passwordHash = await hashPassword(body.new_password);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      // every other session of this user ends: whoever knew the old password is logged out
      const current = sha256(getCookie(c, SESSION_COOKIE) ?? '');
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, current)));
    });
    return c.body(null, 204);
  });

  return app;
}
